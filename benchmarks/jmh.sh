#!/usr/bin/env bash
# JMH benchmarks in cpu-fallback's tests: KernelBenchmark (the CPU kernels, vector loops against plain loops) and
# StepBenchmark (the optimisation loop on CNN5, for its allocation per step; needs SALIENCY4J_HOME).
# Usage: benchmarks/jmh.sh [benchmark pattern] [JMH options], e.g.
#   benchmarks/jmh.sh KernelBenchmark -p conv=56x56x256x256
#   SALIENCY4J_HOME=$PWD/../shared benchmarks/jmh.sh StepBenchmark -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl cpu-fallback -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test.classpath
# saliency4j.simd=true: StepBenchmark measures the vector kernels from its first step (the default, auto, runs
# short work on the plain loops). JMH's forks inherit these options.
java --add-modules jdk.incubator.vector -Dsaliency4j.simd=true \
    -cp "cpu-fallback/target/test-classes:cpu-fallback/target/classes:$(cat cpu-fallback/target/test.classpath)" \
    org.openjdk.jmh.Main "$@"
