#!/usr/bin/env python3
"""PyTorch peer of `saliency4j-examples.jar bench`: the same workloads, on the CPU, with 2 threads.

Run with Debian's python3-torch (apt-get install python3-torch), using /usr/bin/python3:

    /usr/bin/python3 benchmarks/peer/torch_bench.py [--repeats 5] [--skip-vgg]

It prints one JSON object with the same keys as `bench`. The attribution workloads (ig_cnn5, smoothgrad_cnn5,
gradcam_cnn5, occlusion_cnn5, ig_vgg16) are written with plain autograd as their definitions in
docs/attribution.md say: Integrated Gradients by Gauss-Legendre from the zero baseline (VGG16's in batches of 10),
SmoothGrad's samples in one batch, occlusion's 225 windows in one batch. vis_cnn5_classes is the feature
visualisation pipeline (torch.fft, grid_sample, Adam) on CNN5's ten classes, 512 steps, one batch. The CNN5 network has the notebook model's architecture
with seeded random weights (the timing does not depend on the values; reading the .h5 would need h5py). Eager
mode, NCHW, float32, oneDNN as PyTorch uses it by default. Each workload: warm-up (at least one run and 2 s),
then --repeats runs; median and minimum seconds.
"""
import argparse
import json
import platform
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def cnn5():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
        nn.Linear(1024, 64), nn.ReLU(), nn.Linear(64, 10))  # logits; the softmax is in the loss


def vgg16():
    layers, c = [], 3
    for f in [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]:
        if f == 0:
            layers.append(nn.MaxPool2d(2))
        else:
            layers += [nn.Conv2d(c, f, 3, padding=1), nn.ReLU()]
            c = f
    layers += [nn.Flatten(), nn.Linear(25088, 4096), nn.ReLU(), nn.Linear(4096, 4096), nn.ReLU(),
               nn.Linear(4096, 1000)]
    return nn.Sequential(*layers)


def class_run(model, targets, epochs, lr=0.05, lam=1e-3):
    """The notebook's part 1: minimise CE(logits) + lambda * ||img|| per image, images in float64."""
    img = torch.full((len(targets), 3, 32, 32), 0.2, dtype=torch.float64)
    t = torch.tensor(targets)
    for _ in range(epochs):
        x = img.clone().requires_grad_(True)
        logits = model(x.float())
        loss = F.cross_entropy(logits, t, reduction='sum') + lam * x.flatten(1).norm(dim=1).sum()
        g, = torch.autograd.grad(loss, x)
        img = img - lr * g


def layer_runs(parts, epochs=200, lrs=(0.05, 0.05, 0.01, 0.005), lams=(1, 5, 0.1, 1)):
    for part, lr, lam in zip(parts, lrs, lams):
        img = torch.full((1, 3, 32, 32), 0.5, dtype=torch.float64)
        for _ in range(epochs):
            x = img.clone().requires_grad_(True)
            objective = part(x.float()).norm() - lam * x.norm()
            g, = torch.autograd.grad(objective, x)
            img = img + lr * g


def gauss_legendre(n):
    """Gauss-Legendre nodes and weights on [0, 1], as Captum's default integration rule."""
    import numpy as np
    t, w = np.polynomial.legendre.leggauss(n)
    return torch.tensor((t + 1) / 2, dtype=torch.float32), torch.tensor(w / 2, dtype=torch.float32)


def integrated_gradients(model, x, target, steps=50, batch=None):
    """IG from the zero baseline, Gauss-Legendre, plain autograd; the baseline's score as Saliency4J reports it."""
    a, w = gauss_legendre(steps)
    with torch.no_grad():
        model(torch.zeros_like(x))[:, target]
    grads = torch.zeros_like(x)
    batch = batch or steps
    for start in range(0, steps, batch):
        alphas = a[start:start + batch].view(-1, 1, 1, 1)
        points = (alphas * x).requires_grad_(True)
        g, = torch.autograd.grad(model(points)[:, target].sum(), points)
        grads += (w[start:start + batch].view(-1, 1, 1, 1) * g).sum(0, keepdim=True)
    return x * grads


def smoothgrad(model, x, target, samples=50, level=0.15):
    sigma = level * (x.max() - x.min())
    points = (x + sigma * torch.randn((samples,) + tuple(x.shape[1:]))).requires_grad_(True)
    g, = torch.autograd.grad(model(points)[:, target].sum(), points)
    return g.mean(0, keepdim=True)


def grad_cam(model, x, target, split=8):
    """Grad-CAM at the output of the last convolution's ReLU (CNN5's model[:8]), upsampled bilinearly."""
    a = model[:split](x).detach().requires_grad_(True)
    g, = torch.autograd.grad(model[split:](a)[:, target].sum(), a)
    cam = F.relu((g.mean((2, 3), keepdim=True) * a).sum(1, keepdim=True))
    return F.interpolate(cam, size=x.shape[2:], mode="bilinear", align_corners=False)


def occlusion(model, x, target, window=4, stride=2):
    h, w = x.shape[2:]
    starts = list(range(0, h - window + 1, stride))
    with torch.no_grad():
        score = model(x)[0, target]
        occluded = x.repeat(len(starts) ** 2, 1, 1, 1)
        for k, (y, xx) in enumerate((y, xx) for y in starts for xx in starts):
            occluded[k, :, y:y + window, xx:xx + window] = 0
        drops = score - model(occluded)[:, target]
    total = torch.zeros(h, w)
    count = torch.zeros(h, w)
    for k, (y, xx) in enumerate((y, xx) for y in starts for xx in starts):
        total[y:y + window, xx:xx + window] += drops[k]
        count[y:y + window, xx:xx + window] += 1
    return total / count


COLOUR = torch.tensor([[0.26, 0.09, 0.02], [0.27, 0.00, -0.05], [0.27, -0.09, 0.03]])
COLOUR = COLOUR / COLOUR.norm(dim=0).max()


def feature_visualization(model, classes, steps=512, size=32, generator=None):
    """Lucid's pipeline as docs/feature-visualization.md defines it: a decorrelated Fourier image, a sigmoid, the
    random pad 2 / jitter 4 / scale / rotate / jitter 2 / resize sequence (grid_sample, one draw per step for the
    whole batch, as Lucid draws it), Adam 0.05 on the class logits."""
    h = w = size
    fy = torch.fft.fftfreq(h)[:, None]
    fx = torch.fft.rfftfreq(w)[None, :]
    scale = (1.0 / torch.maximum(torch.sqrt(fx * fx + fy * fy), torch.tensor(1.0 / size))) * size
    b = len(classes)
    params = (torch.randn((b, 2, 3) + scale.shape, generator=generator) * 0.01).requires_grad_(True)
    optimizer = torch.optim.Adam([params], lr=0.05)
    target = torch.tensor(classes)
    for _ in range(steps):
        spectrum = torch.complex(params[:, 0], params[:, 1]) * scale
        image = torch.fft.irfft2(spectrum, s=(h, w)) / 4
        image = torch.sigmoid(torch.einsum("ij,bjhw->bihw", COLOUR, image))
        x = F.pad(image, (2, 2, 2, 2), value=0.5)
        dy, dx = torch.randint(0, 5, (2,), generator=generator).tolist()
        x = x[:, :, dy:dy + size, dx:dx + size]
        s = 0.9 + 0.02 * int(torch.randint(0, 11, (1,), generator=generator))
        x = F.interpolate(x, scale_factor=s, mode="bilinear", align_corners=False)
        a = torch.deg2rad(torch.tensor(float(torch.randint(-10, 11, (1,), generator=generator))))
        theta = torch.tensor([[torch.cos(a), -torch.sin(a), 0.0], [torch.sin(a), torch.cos(a), 0.0]]).expand(b, 2, 3)
        x = F.grid_sample(x, F.affine_grid(theta, x.shape, align_corners=False), padding_mode="border",
                          align_corners=False)
        dy, dx = torch.randint(0, 3, (2,), generator=generator).tolist()
        x = x[:, :, dy:x.shape[2] - 2 + dy, dx:x.shape[3] - 2 + dx]
        x = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)
        loss = -model(x)[torch.arange(b), target].sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return image.detach()


def timed(repeats, flops, fn):
    # Warm-up as the Java bench does it: at least one run and at least 2 seconds.
    start = time.perf_counter()
    fn()
    while time.perf_counter() - start < 2.0:
        fn()
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        units = fn()
        runs.append((time.perf_counter() - t) / units)
    median = statistics.median(runs)
    out = {"median_s": median, "min_s": min(runs), "runs": repeats}
    if flops:
        out["gflops"] = flops / median / 1e9
    return out


def conv_flops(model, shape):
    total, x = 0, torch.zeros(shape)
    for m in model:
        y = m(x)
        if isinstance(m, nn.Conv2d):
            total += 2 * y.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.Linear):
            total += 2 * y.numel() * m.in_features
        x = y
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-vgg", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = cnn5().eval()
    for p in model.parameters():
        p.requires_grad_(False)
    step = 2 * conv_flops(model, (1, 3, 32, 32))
    result = {}
    result["cnn5_step"] = timed(args.repeats, step, lambda: (class_run(model, [3], 50), 50)[1])
    result["part1_sequential"] = timed(args.repeats, 1000 * step,
                                       lambda: ([class_run(model, [c], 100) for c in range(10)], 1)[1])
    result["part1_batched"] = timed(args.repeats, 1000 * step, lambda: (class_run(model, list(range(10)), 100), 1)[1])
    parts = [model[:2], model[:5], model[:8], model[:11]]
    part3 = sum(200 * 2 * conv_flops(p, (1, 3, 32, 32)) for p in parts)
    result["part3"] = timed(args.repeats, part3, lambda: (layer_runs(parts), 1)[1])
    image = torch.rand((1, 3, 32, 32), generator=torch.Generator().manual_seed(17))
    forward = conv_flops(model, (1, 3, 32, 32))
    result["ig_cnn5"] = timed(args.repeats, 101 * forward, lambda: (integrated_gradients(model, image, 3), 1)[1])
    result["smoothgrad_cnn5"] = timed(args.repeats, 100 * forward, lambda: (smoothgrad(model, image, 3), 1)[1])
    result["gradcam_cnn5"] = timed(args.repeats, 2 * forward, lambda: (grad_cam(model, image, 3), 1)[1])
    result["occlusion_cnn5"] = timed(args.repeats, 225 * forward, lambda: (occlusion(model, image, 3), 1)[1])
    gen = torch.Generator().manual_seed(5)
    result["vis_cnn5_classes"] = timed(max(2, args.repeats // 2), 512 * 10 * 2 * forward,
                                       lambda: (feature_visualization(model, list(range(10)), generator=gen), 1)[1])
    if not args.skip_vgg:
        vgg = vgg16().eval()
        for p in vgg.parameters():
            p.requires_grad_(False)
        forward = conv_flops(vgg, (1, 3, 224, 224))
        x = torch.full((1, 3, 224, 224), 0.5)
        repeats = max(3, args.repeats // 2)

        def vgg_forward():
            with torch.no_grad():
                vgg(x)
            return 1

        def vgg_step():
            xi = x.clone().requires_grad_(True)
            out = vgg(xi)
            torch.autograd.grad(out.sum() * 1e-3, xi)
            return 1

        result["vgg16_forward"] = timed(repeats, forward, vgg_forward)
        result["vgg16_step"] = timed(repeats, 2 * forward, vgg_step)
        result["ig_vgg16"] = timed(repeats, 101 * forward,
                                   lambda: (integrated_gradients(vgg, x, 1, steps=50, batch=10), 1)[1])
    result["threads"] = torch.get_num_threads()
    result["torch"] = torch.__version__
    result["python"] = platform.python_version()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
