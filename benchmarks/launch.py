#!/usr/bin/env python3
"""Times fresh launches of the command line, each beside the plain-loop launch it is compared with.

    SALIENCY4J_HOME=$PWD/../shared benchmarks/launch.py [--rounds 5] [--java-home DIR] [--out FILE.json]

Four comparisons, as docs/performance.md ("Launch") reports them:
  summary   the launcher's `summary` of CNN5, beside `java -jar ... summary`;
  notebook  the launcher's `notebook`, beside `java -jar ... notebook` (no vector module: the plain loops);
  classvis  the Kotlin example's 50-step class visualisation from a fresh JVM, with the vector module (the
            library's default policy), beside the same with the plain loops forced (-Dsaliency4j.simd=false:
            what the library's choice costs) and without the module (the plain loops, and the JVM's start
            without the module);
  explain   the launcher's `explain --methods all` on the first CIFAR-10 test image (written as a PNG from
            $SALIENCY4J_HOME/data), beside `java -jar ... explain` (the plain loops).
Each round runs every launch once, the order reversed every other round (ABBA), so that the machine's slow and
fast spells fall on both sides; the report gives each launch's median, minimum and maximum wall time in seconds.
The launcher's first run of a command writes its class-data archive, so one untimed run of each comes first.
"""
import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "examples" / "target" / "saliency4j-examples.jar"
LAUNCHER = ROOT / "examples" / "target" / "bin" / "saliency4j"


def cifar_png(path):
    """Writes the first image of the CIFAR-10 test set as an 8-bit RGB PNG (the file's records are label, then
    the red, green and blue planes of 32 x 32 bytes)."""
    record = (Path(os.environ["SALIENCY4J_HOME"]) / "data" / "cifar-10-batches-bin" / "test_batch.bin").read_bytes()
    pixels = record[1:3073]
    rows = b"".join(b"\0" + bytes(pixels[plane * 1024 + y * 32 + x] for x in range(32) for plane in range(3))
                    for y in range(32))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 32, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def launches(java, out):
    model = Path(os.environ["SALIENCY4J_HOME"]) / "models" / "CIFAR-10_CNN5.h5"
    kotlin = [java, "-cp", str(JAR), "org.saliency4j.examples.ClassVisualisationKt", "3", str(model), "50"]
    explain = ["explain", "--image", str(cifar_png(out / "cifar-test-0.png")), "--class-names", "cifar10",
               "--methods", "all", "--force", "--out"]
    return {
        "summary": [("launcher", [str(LAUNCHER), "summary"]), ("java -jar", [java, "-jar", str(JAR), "summary"])],
        "notebook": [
            ("launcher", [str(LAUNCHER), "notebook", "--out", str(out / "a"), "--force"]),
            ("java -jar, plain loops", [java, "-jar", str(JAR), "notebook", "--out", str(out / "b"), "--force"]),
        ],
        "classvis": [
            ("with the vector module", kotlin[:1] + ["--add-modules", "jdk.incubator.vector"] + kotlin[1:]),
            ("module, plain loops forced",
             kotlin[:1] + ["--add-modules", "jdk.incubator.vector", "-Dsaliency4j.simd=false"] + kotlin[1:]),
            ("plain loops", kotlin),
        ],
        "explain": [
            ("launcher", [str(LAUNCHER)] + explain + [str(out / "c")]),
            ("java -jar, plain loops", [java, "-jar", str(JAR)] + explain + [str(out / "d")]),
        ],
    }


def run(command, env):
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--java-home", help="the JDK to run (default: $JAVA_HOME, else java on the PATH)")
    parser.add_argument("--out", help="also write the report to this JSON file")
    args = parser.parse_args()
    if "SALIENCY4J_HOME" not in os.environ:
        sys.exit("set SALIENCY4J_HOME to the folder with models/ and data/")
    if not LAUNCHER.is_file():
        sys.exit(f"{LAUNCHER} is missing; build it first with: mvn -B -q package -DskipTests")
    env = dict(os.environ)
    if args.java_home:
        env["JAVA_HOME"] = args.java_home
    java = str(Path(env["JAVA_HOME"]) / "bin" / "java") if env.get("JAVA_HOME") else "java"
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    report = {"java": version, "rounds": args.rounds, "comparisons": {}}
    with tempfile.TemporaryDirectory() as out:
        for name, pair in launches(java, Path(out)).items():
            run(pair[0][1], env)  # the launcher's first run of the command writes its class-data archive
            times = {label: [] for label, _ in pair}
            for r in range(args.rounds):
                for label, command in (pair if r % 2 == 0 else list(reversed(pair))):
                    times[label].append(run(command, env))
            report["comparisons"][name] = {
                label: {"median_s": statistics.median(t), "min_s": min(t), "max_s": max(t), "all_s": t}
                for label, t in times.items()}
            for label, t in times.items():
                print(f"{name:9s} {label:26s} median {statistics.median(t):6.2f} s  "
                      f"({min(t):.2f} to {max(t):.2f})", flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
