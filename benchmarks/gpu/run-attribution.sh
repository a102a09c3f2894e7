#!/bin/bash
# The GPU checks of attribution (issue 17) and feature visualisation (issue 20), run on a GPU machine from the
# repository root with .gpu/ (benchmarks/gpu/make-bundle.sh) beside it: the backward pass's contract suite
# (gradients back to any layer, the ReLU rules), `explain --methods all` on the GPU against the CPU's maps, and
# timings of explain, visualize and bench on both backends. Logs, test reports and bench JSON go to $OUT.
set -u
. benchmarks/gpu/setup.sh
use_stand_in
timeout 60 $EX summary --backend cuda 2>&1 | grep -i "backend"; echo "rc=${PIPESTATUS[0]}"

stamp "1. cuda-backend tests (backward contract: targets and ReLU rules; CPU agreement; memory; fallback)"
timeout 200 $J -cp "$CP" GpuSuite "$G/tests/cuda" > "$OUT/suite-cuda.txt" 2>&1; echo "rc=$?"
grep -v "^SUCCESSFUL" "$OUT/suite-cuda.txt" | tail -40
stamp "2. examples tests tagged gpu: explain --methods all on cuda against the CPU (1e-4 of each map's largest value), the notebook"
timeout 200 $J -cp "$CP" GpuSuite "$G/tests/examples" gpu 2>&1 | tee "$OUT/suite-examples.txt"

# Wall time of one fresh JVM running the command, in ms, its output's last lines kept in the log.
timed() {
    local s
    s=$(date +%s%N)
    timeout 120 "$@" > /tmp/timed.txt 2>&1
    local rc=$?
    tail -3 /tmp/timed.txt
    echo "$(( ($(date +%s%N) - s) / 1000000 )) ms, rc=$rc: ${*: -6}"
}

stamp "3. explain --methods all on one CIFAR-10 test image, fresh JVMs, alternating cuda and cpu"
for round in 1 2 3; do
    for b in cuda cpu; do
        timed $EX explain --image "$G/images/test-0.png" --methods all --quiet --force --out /tmp/explain-$b --backend $b
    done
done

stamp "4. visualize: one MobileNetV2 channel at 224 x 224 (512 steps), cuda twice, cpu once"
MOBILENET=$G/shared/models/zoo/963n-TeachableMachine__keras_model.h5
for b in cuda cuda cpu; do
    timed $EX visualize --model "$MOBILENET" --scale -1..1 --layer block_13_expand_relu --channels 0..0 --quiet \
        --force --out /tmp/vis-mobilenet-$b --backend $b
done

stamp "5. visualize: CNN5's ten classes (512 steps, one batch of 10), cuda then cpu"
for b in cuda cpu; do
    timed $EX visualize --classes 0..9 --quiet --force --out /tmp/vis-cnn5-$b --backend $b
done
tar czf "$OUT/visualize.tgz" -C /tmp vis-mobilenet-cuda vis-mobilenet-cpu vis-cnn5-cuda vis-cnn5-cpu 2> /dev/null

stamp "6. bench --backend cuda --skip-vgg (vis_cnn5_classes among the workloads)"
timeout 200 $EX bench --backend cuda --skip-vgg --repeats 3 --quiet > "$OUT/bench-cuda.json"; echo "rc=$?"
cat "$OUT/bench-cuda.json"; echo
nvidia-smi --query-gpu=memory.used,memory.total --format=csv
ls hs_err*.log 2>/dev/null && tar czf "$OUT/crashes.tgz" hs_err*.log
stamp "done"
