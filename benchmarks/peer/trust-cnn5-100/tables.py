# Prints the tables of docs/trust.md from an assessment.json (or this folder's assessment-summary.json).
import json, sys
j = json.load(open(sys.argv[1]))
metrics = ["deletion", "insertion", "mufidelity", "average-drop", "increase-in-confidence", "infidelity", "max-sensitivity"]
arrow = {"deletion": "↓", "insertion": "↑", "mufidelity": "↑", "average-drop": "↓", "increase-in-confidence": "↑", "infidelity": "↓", "max-sensitivity": "↓"}
print("| method | " + " | ".join(f"{m} {arrow[m]}" for m in metrics) + " |")
print("|---|" + "---|" * len(metrics))
for method, v in j["summary"].items():
    cells = []
    for m in metrics:
        mean, sd = v[m]["mean"], v[m]["sd"]
        cells.append(f"{mean:.3g} ± {sd:.2g}")
    print(f"| {method} | " + " | ".join(cells) + " |")
print()
layers = list(next(iter(j["sanity"].values())).keys())
for measure in ["spearman", "spearman-abs", "ssim", "hog"]:
    print(f"**{measure}**, randomised down to:")
    print()
    print("| method | " + " | ".join(layers) + " |")
    print("|---|" + "---|" * len(layers))
    for method, v in j["sanity"].items():
        cells = []
        for l in layers:
            x = v[l][measure]
            u = j["sanityUndefined"][method][l][measure]
            cells.append(("–" if x is None else f"{x:.2f}") + (f" ({u} undef.)" if u else ""))
        print(f"| {method} | " + " | ".join(cells) + " |")
    print()
