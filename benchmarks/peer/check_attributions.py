#!/usr/bin/env python3
"""Checks the maps of `saliency4j explain` on the notebook's CNN5 against an independent PyTorch implementation of
the definitions in docs/attribution.md, written here from the papers, not from Saliency4J's code.

    examples/target/bin/saliency4j explain --image <PNGs> --methods all [--steps n --ig-rule r --window n
        --stride n --target c] --out DIR
    /usr/bin/python3 benchmarks/peer/check_attributions.py --model ../shared/models/CIFAR-10_CNN5.h5 \
        --explanations DIR/explanations.json

Needs Debian's python3-torch, python3-h5py and python3-pil. CNN5's weights are read from the .h5 file with h5py and
the network is rebuilt in PyTorch; each image is read from its PNG and divided by 255 in float32, as Saliency4J
makes model inputs. The run's settings (IG's steps and rule, occlusion's window and stride, the target) are read
from explanations.json. SmoothGrad, its variants and RISE draw Saliency4J's own random numbers and are not
compared.

Each quantity (score, probability, IG's completeness delta, every map) is computed twice, in float64 and in
float32, and the largest difference is printed as a fraction of the reference's largest magnitude. Where a
max-pooling window holds two nearly equal values, or a ReLU input is nearly 0, the rounding of a float32
evaluation decides which way the gradient goes, and two correct float32 implementations can disagree there by a
large fraction (PyTorch's float32 gradient differs from the float64 one by up to 40 % on some CIFAR-10 images).
So a quantity passes when the smaller of its two differences is within --tolerance; the script exits with 1 if
one does not.
"""
import argparse
import json
import sys

import h5py
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def weights(h5, layer, dtype):
    g = h5["model_weights"][layer][layer]
    return torch.tensor(np.array(g["kernel:0"]), dtype=dtype), torch.tensor(np.array(g["bias:0"]), dtype=dtype)


class Rule(torch.autograd.Function):
    """A ReLU whose backward pass follows a rule: standard, guided (Springenberg et al.) or deconvnet."""

    @staticmethod
    def forward(ctx, x, rule):
        ctx.save_for_backward(x)
        ctx.rule = rule
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        if ctx.rule == "standard":
            return g * (x > 0), None
        if ctx.rule == "guided":
            return g * (x > 0) * (g > 0), None
        return g * (g > 0), None


class Cnn5:
    def __init__(self, path, dtype):
        with h5py.File(path, "r") as h5:
            self.convs = [weights(h5, f"conv_{i}", dtype) for i in range(3)]
            self.dense = [weights(h5, f"dense_{i}", dtype) for i in range(2)]

    def conv_part(self, x, rule="standard"):
        """NHWC image to conv_2's output after its ReLU, NCHW."""
        y = x.permute(0, 3, 1, 2)
        for i, (k, b) in enumerate(self.convs):
            y = Rule.apply(F.conv2d(y, k.permute(3, 2, 0, 1), b), rule)
            if i < 2:
                y = F.max_pool2d(y, 2)
        return y

    def head(self, a, rule="standard"):
        """conv_2's output (NCHW) to the logits, flattening in Keras' (h, w, c) order."""
        flat = a.permute(0, 2, 3, 1).flatten(1)
        hidden = Rule.apply(flat @ self.dense[0][0] + self.dense[0][1], rule)
        return hidden @ self.dense[1][0] + self.dense[1][1]

    def logits(self, x, rule="standard"):
        return self.head(self.conv_part(x, rule), rule)


def gradient(model, x, target, rule="standard"):
    x = x.clone().requires_grad_(True)
    g, = torch.autograd.grad(model.logits(x, rule)[:, target].sum(), x)
    return g


def integrated_gradients(model, x, target, steps, rule):
    """IG from a zero baseline: Gauss-Legendre nodes mapped to [0, 1], or the trapezoid rule on `steps` intervals."""
    if rule == "gauss-legendre":
        t, w = np.polynomial.legendre.leggauss(steps)
        a, w = (t + 1) / 2, w / 2
    else:
        a = np.arange(steps + 1) / steps
        w = np.full(steps + 1, 1.0 / steps)
        w[0] = w[-1] = 0.5 / steps
    g = gradient(model, x.new_tensor(a).view(-1, 1, 1, 1) * x, target)
    return x[0] * (x.new_tensor(w).view(-1, 1, 1, 1) * g).sum(0)
    g = gradient(model, a * x, target)


def cam(model, x, target, plus_plus=False):
    a = model.conv_part(x).detach().requires_grad_(True)
    g, = torch.autograd.grad(model.head(a)[:, target].sum(), a)
    if plus_plus:
        sums = a.sum((2, 3), keepdim=True)
        denominator = 2 * g ** 2 + sums * g ** 3
        alpha = torch.where(denominator != 0, g ** 2 / torch.where(denominator != 0, denominator, 1), 0)
        weights_ = (alpha * g.clamp(min=0)).sum((2, 3), keepdim=True)
    else:
        weights_ = g.mean((2, 3), keepdim=True)
    coarse = (weights_ * a).sum(1, keepdim=True).clamp(min=0)
    return F.interpolate(coarse, size=(32, 32), mode="bilinear", align_corners=False)[0, 0]


def occlusion(model, x, target, window, stride):
    starts = list(range(0, 32 - window + 1, stride))
    if starts[-1] != 32 - window:
        starts.append(32 - window)
    with torch.no_grad():
        score = model.logits(x)[0, target]
        total, count = x.new_zeros(32, 32), x.new_zeros(32, 32)
        for y in starts:
            for x0 in starts:
                occluded = x.clone()
                occluded[0, y:y + window, x0:x0 + window, :] = 0
                drop = score - model.logits(occluded)[0, target]
                total[y:y + window, x0:x0 + window] += drop
                count[y:y + window, x0:x0 + window] += 1
    return total / count


def setting(methods, method, key, default):
    """A numeric setting of the run, as explanations.json records it; the default where it records a rule in words."""
    value = methods.get(method, {}).get(key, default)
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else default


def references(model, x, target, methods):
    g = gradient(model, x, target)[0]
    guided_cam = cam(model, x, target)
    window = setting(methods, "occlusion", "window", 4)
    window = window if isinstance(window, int) else 4
    stride = setting(methods, "occlusion", "stride", window // 2)
    stride = stride if isinstance(stride, int) else max(1, window // 2)
    ig = integrated_gradients(model, x, target, setting(methods, "integrated-gradients", "steps", 50),
                                 setting(methods, "integrated-gradients", "rule", "gauss-legendre"))
    return {
        "gradient": g,
        "saliency": g.abs().amax(-1),
        "gradient-x-input": x[0] * g,
        "integrated-gradients": ig,
        "guided-backprop": gradient(model, x, target, "guided")[0],
        "deconvnet": gradient(model, x, target, "deconvnet")[0],
        "grad-cam": guided_cam,
        "grad-cam++": cam(model, x, target, plus_plus=True),
        "guided-grad-cam": gradient(model, x, target, "guided")[0] * guided_cam.unsqueeze(-1),
        "occlusion": occlusion(model, x, target, window, stride),
    }


def relative(ours, reference):
    return float((ours - reference).abs().max() / reference.abs().max().clamp(min=1e-300))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--explanations", required=True)
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    models = {dtype: Cnn5(args.model, dtype) for dtype in (torch.float64, torch.float32)}
    record = json.load(open(args.explanations))
    worst = 0.0
    print(f"{'image':24s} {'quantity':22s} {'vs float64':>10s} {'vs float32':>10s}")
    for image in record["images"]:
        pixels = np.asarray(Image.open(image["file"]).convert("RGB"), dtype=np.float64)
        x32 = torch.tensor((pixels / 255.0).astype(np.float32)).unsqueeze(0)
        target = image["target"]
        rows = {}
        for dtype, model in models.items():
            x = x32.to(dtype)
            with torch.no_grad():
                logits = model.logits(x)[0]
                gap = logits[target] - model.logits(torch.zeros_like(x))[0, target]
            maps = references(model, x, target, record["methods"])
            quantities = {"score": logits[target], "probability": logits.softmax(0)[target]}
            quantities.update({name: reference for name, reference in maps.items() if name in image["maps"]})
            if "completenessDelta" in image:
                quantities["completenessDelta"] = (maps["integrated-gradients"].sum() - gap, gap.abs())
            for name, reference in quantities.items():
                if name == "completenessDelta":
                    delta, scale = reference
                    error = abs(image[name] - float(delta)) / float(scale)
                elif name in ("score", "probability"):
                    error = abs(image[name] - float(reference)) / abs(float(reference))
                else:
                    error = relative(torch.tensor(np.array(image["maps"][name]), dtype=torch.float64),
                                     reference.to(torch.float64))
                rows.setdefault(name, []).append(error)
        for name, (error64, error32) in rows.items():
            worst = max(worst, min(error64, error32))
            print(f"{image['file'].split('/')[-1]:24s} {name:22s} {error64:10.2e} {error32:10.2e}")
    print(f"largest of the smaller of the two: {worst:.2e} (tolerance {args.tolerance:g})")
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
