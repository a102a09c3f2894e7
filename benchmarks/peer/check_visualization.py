#!/usr/bin/env python3
"""Measures, independently of Saliency4J, how readable class visualisations of the notebook's CNN5 are: the two
numbers of the feature visualisation issue, for `saliency4j visualize --classes 0..9` and for the notebook's own
class images (`saliency4j notebook`, part 1: plain gradient ascent on pixels).

    python3 benchmarks/peer/check_visualization.py --model ../shared/models/CIFAR-10_CNN5.h5 \
        --visualizations V/visualizations.json --notebook N/results.json

- robustness: the mean softmax probability of the image's class under 64 random transformations (a shift of up
  to 4 pixels each way, a scale in 0.9..1.1, a rotation in -10..10 degrees; bilinear with replicated edges, by
  PyTorch's affine_grid and grid_sample), seeded;
- spectrum: the share of the image's spectral energy (per channel, mean removed, |FFT|^2) at frequencies with
  max(|fx|, |fy|) > 0.25 cycles per pixel, half the Nyquist frequency.

CNN5 is rebuilt in PyTorch from the .h5 weights (check_attributions.Cnn5); the images are read as model inputs
from the records. Needs Debian's python3-torch and python3-h5py.
"""
import argparse
import json
import math

import numpy as np
import torch
import torch.nn.functional as F

from check_attributions import Cnn5

CIFAR = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
NOTEBOOK_NAMES = {"plane": 0, "car": 1, "bird": 2, "cat": 3, "deer": 4, "dog": 5, "frog": 6, "horse": 7,
                  "ship": 8, "truck": 9}


def robustness(model, image, cls, rng, draws=64):
    x = torch.tensor(image, dtype=torch.float64).permute(2, 0, 1).unsqueeze(0).repeat(draws, 1, 1, 1)
    h, w = image.shape[:2]
    thetas = []
    for _ in range(draws):
        s = rng.uniform(0.9, 1.1)
        a = math.radians(rng.uniform(-10, 10))
        dx, dy = rng.uniform(-4, 4), rng.uniform(-4, 4)
        # affine_grid maps output to input coordinates in [-1, 1]: the inverse of scale-rotate-shift.
        c, sn = math.cos(a) / s, math.sin(a) / s
        thetas.append([[c, -sn, -2 * dx / w], [sn, c, -2 * dy / h]])
    grid = F.affine_grid(torch.tensor(thetas, dtype=torch.float64), x.shape, align_corners=False)
    warped = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    with torch.no_grad():
        p = model.logits(warped.permute(0, 2, 3, 1)).softmax(1)[:, cls]
    return float(p.mean())


def high_frequency_share(image):
    h, w, _ = image.shape
    fy = np.abs(np.fft.fftfreq(h))[:, None]
    fx = np.abs(np.fft.fftfreq(w))[None, :]
    high = np.maximum(fx, fy) > 0.25
    total = 0.0
    above = 0.0
    for c in range(image.shape[2]):
        power = np.abs(np.fft.fft2(image[:, :, c] - image[:, :, c].mean())) ** 2
        total += power.sum()
        above += power[high].sum()
    return above / total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--visualizations", required=True)
    parser.add_argument("--notebook", required=True)
    args = parser.parse_args()
    model = Cnn5(args.model, torch.float64)
    sets = {
        "visualize": [(item["class"], np.array(item["image"]))
                      for item in json.load(open(args.visualizations))["items"]],
        "notebook": [(NOTEBOOK_NAMES[run["class"]], np.array(run["finalImage"]))
                     for run in json.load(open(args.notebook))["part1"]["runs"]],
    }
    for name, images in sets.items():
        rng = np.random.default_rng(20261202)
        rows = [(cls, robustness(model, img, cls, rng), high_frequency_share(img)) for cls, img in images]
        for cls, r, s in rows:
            print(f"{name:10s} {CIFAR[cls]:11s} probability under transforms {r:.3f}  high-frequency share {s:.3f}")
        print(f"{name:10s} mean        probability under transforms {np.mean([r for _, r, _ in rows]):.3f}  "
              f"high-frequency share {np.mean([s for _, _, s in rows]):.3f}")


if __name__ == "__main__":
    main()
