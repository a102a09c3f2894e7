#!/usr/bin/env bash
# JMH benchmarks of the CPU kernels (cpu-fallback's KernelBenchmark), vector loops against plain loops.
# Usage: benchmarks/jmh.sh [JMH options], e.g. benchmarks/jmh.sh -p conv=56x56x256x256 -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl cpu-fallback -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test.classpath
java --add-modules jdk.incubator.vector \
    -cp "cpu-fallback/target/test-classes:cpu-fallback/target/classes:$(cat cpu-fallback/target/test.classpath)" \
    org.openjdk.jmh.Main 'org.saliency4j.cpu.KernelBenchmark' "$@"
