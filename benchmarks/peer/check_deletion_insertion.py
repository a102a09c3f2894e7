#!/usr/bin/env python3
"""Checks the deletion and insertion AUCs of `saliency4j assess` on the notebook's CNN5 against an independent
PyTorch implementation of the definitions in docs/trust.md (Petsiuk et al. 2018), written here from the paper and
the issue's pinned definition, not from Saliency4J's code.

    examples/target/bin/saliency4j explain --image <PNGs> --methods M --target T [...] --out E
    examples/target/bin/saliency4j assess  --image <PNGs> --methods M --target T [...] \
        --metrics deletion,insertion --pixels-per-step N --out A
    /usr/bin/python3 benchmarks/peer/check_deletion_insertion.py --model ../shared/models/CIFAR-10_CNN5.h5 \
        --explanations E/explanations.json --assessment A/assessment.json --pixels-per-step N

The maps come from explain's record (the same maps assess computes: both run the same deterministic methods with
the same settings); this script ranks their pixels (summed over channels, highest first, ties by row-major index),
removes or puts back N pixels a step on all channels (baseline 0), scores the target's softmax probability with
CNN5 rebuilt in PyTorch from the .h5 weights (float64 and float32), and takes the trapezoid rule on [0, 1]. An AUC
passes when the smaller of its two differences is within --tolerance; the script exits with 1 if one does not.
"""
import argparse
import json
import sys

import numpy as np
import torch
from PIL import Image

from check_attributions import Cnn5


def curve(model, x, ranked, target, step, deleting, dtype):
    """Probabilities of the target along the deletion (or insertion) path, the unchanged start first."""
    h, w, c = x.shape
    pixels = h * w
    n = (pixels + step - 1) // step + 1
    start = x.copy() if deleting else np.zeros_like(x)
    batch = []
    for k in range(n):
        image = start.copy().reshape(pixels, c)
        changed = ranked[:min(pixels, k * step)]
        image[changed] = 0.0 if deleting else x.reshape(pixels, c)[changed]
        batch.append(image.reshape(h, w, c))
    with torch.no_grad():
        logits = model.logits(torch.tensor(np.stack(batch), dtype=dtype)).to(torch.float64)
    return logits.softmax(1)[:, target].numpy()


def auc(s):
    return (s.sum() - s[0] / 2 - s[-1] / 2) / (len(s) - 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--explanations", required=True)
    parser.add_argument("--assessment", required=True)
    parser.add_argument("--pixels-per-step", type=int, required=True)
    parser.add_argument("--tolerance", type=float, default=1e-5)
    args = parser.parse_args()
    models = {dtype: Cnn5(args.model, dtype) for dtype in (torch.float64, torch.float32)}
    explained = json.load(open(args.explanations))
    assessed = {image["file"]: image for image in json.load(open(args.assessment))["images"]}
    worst = 0.0
    print(f"{'image':16s} {'method':22s} {'metric':10s} {'ours':>10s} {'vs float64':>10s} {'vs float32':>10s}")
    for image in explained["images"]:
        pixels = np.asarray(Image.open(image["file"]).convert("RGB"), dtype=np.float64)
        x = (pixels / 255.0).astype(np.float32).astype(np.float64)
        ours = assessed[image["file"]]
        assert ours["target"] == image["target"]
        for method, values in image["maps"].items():
            m = np.array(values, dtype=np.float64)
            per_pixel = m.sum(axis=2) if m.ndim == 3 else m
            ranked = np.argsort(-per_pixel.ravel(), kind="stable")
            for metric, deleting in (("deletion", True), ("insertion", False)):
                errors = [abs(ours["metrics"][method][metric] - auc(curve(model, x, ranked, image["target"],
                                                                            args.pixels_per_step, deleting, dtype)))
                          for dtype, model in models.items()]
                worst = max(worst, min(errors))
                print(f"{image['file'].split('/')[-1]:16s} {method:22s} {metric:10s} "
                      f"{ours['metrics'][method][metric]:10.6f} {errors[0]:10.2e} {errors[1]:10.2e}")
    print(f"largest of the smaller of the two: {worst:.2e} (tolerance {args.tolerance:g})")
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
