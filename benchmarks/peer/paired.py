#!/usr/bin/env python3
"""Paired comparison of `bench` and `torch_bench.py`, in alternating order, so that each ratio compares two runs
made next to each other.

This 2-core machine has slow and fast spells that last minutes: the same program runs 50 % slower in one than in
the other. A single pair, PyTorch first and then Java, compares runs from different spells whenever a spell ends
between them. Here round r runs PyTorch then Java when r is even and Java then PyTorch when r is odd (ABBA), each
round gives one ratio per workload (PyTorch's median / Saliency4J's median), and the summary is the median of
the rounds' ratios. A spell that changes during a round still spoils that round, so look at every ratio, not
just the median.

Run from the repository root after `mvn -B -q package -DskipTests`, with Debian's python3-torch:

    SALIENCY4J_HOME=$PWD/../shared /usr/bin/python3 benchmarks/peer/paired.py --rounds 4 --out DIR

DIR (which must not exist yet) receives each run's JSON (`torch-R.json`, `java-R.json`) and `summary.json`;
the summary is also printed.
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKLOADS = ["cnn5_step", "part1_sequential", "part1_batched", "part3", "ig_cnn5", "smoothgrad_cnn5", "gradcam_cnn5",
             "occlusion_cnn5", "vis_cnn5_classes", "vgg16_forward", "vgg16_step", "ig_vgg16"]


def run_json(command):
    done = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", required=True, help="a folder that does not exist yet")
    parser.add_argument("--skip-vgg", action="store_true")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    if out.exists():
        sys.exit(f"{out} exists; give a new folder, so that no earlier results are overwritten")
    jar = ROOT / "examples" / "target" / "saliency4j-examples.jar"
    if not jar.is_file():
        sys.exit(f"{jar} is missing; build it first with: mvn -B -q package -DskipTests")
    skip = ["--skip-vgg"] if args.skip_vgg else []
    torch = [sys.executable, str(ROOT / "benchmarks" / "peer" / "torch_bench.py"), "--repeats", str(args.repeats)]
    java = ["java", "--add-modules", "jdk.incubator.vector", "-Xmx8g", "-jar", str(jar), "bench", "--repeats",
            str(args.repeats)]
    out.mkdir(parents=True)
    rounds = []
    for r in range(args.rounds):
        order = [("torch", torch), ("java", java)]
        if r % 2 == 1:
            order.reverse()
        results = {}
        for name, command in order:
            print(f"round {r}: {name}", file=sys.stderr, flush=True)
            results[name] = run_json(command + skip)
            (out / f"{name}-{r}.json").write_text(json.dumps(results[name], indent=2) + "\n")
        rounds.append(results)
    summary = {"rounds": args.rounds, "order": "ABBA: even rounds PyTorch first, odd rounds Java first"}
    for w in WORKLOADS:
        if w not in rounds[0]["java"] or w not in rounds[0]["torch"]:
            continue
        ratios = [r["torch"][w]["median_s"] / r["java"][w]["median_s"] for r in rounds]
        summary[w] = {
            "ratios": [round(x, 3) for x in ratios],
            "median_ratio": round(statistics.median(ratios), 3),
            "java_median_s": [r["java"][w]["median_s"] for r in rounds],
            "torch_median_s": [r["torch"][w]["median_s"] for r in rounds],
        }
    text = json.dumps(summary, indent=2)
    (out / "summary.json").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
