#!/usr/bin/env python3
"""Writes the colour maps of org.saliency4j.image.Colormap as 256-row tables of sRGB values in [0, 1].

    /usr/bin/python3 api/src/generate/colormaps.py    # Debian's python3-matplotlib 3.6.3 made the committed files

viridis: van der Walt and Smith's perceptually uniform sequential map (matplotlib's table, CC0).
coolwarm: Moreland's diverging map ("Diverging Color Maps for Scientific Visualization", 2009), built to keep
lightness symmetric about a neutral centre; matplotlib's table, sampled at 256 points.
"""
from pathlib import Path

import matplotlib
from matplotlib import colormaps

OUT = Path(__file__).resolve().parent.parent / "main" / "resources" / "org" / "saliency4j" / "image"

for name in ("viridis", "coolwarm"):
    cmap = colormaps[name].resampled(256)
    rows = [cmap(i / 255) for i in range(256)]
    text = f"# {name}, 256 rows of r,g,b in [0, 1], from matplotlib {matplotlib.__version__} (api/src/generate/colormaps.py)\n"
    text += "".join(f"{r:.6f},{g:.6f},{b:.6f}\n" for r, g, b, _ in rows)
    (OUT / f"{name}.csv").write_text(text)
