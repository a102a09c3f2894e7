#!/bin/bash
# The GPU checks of issue 4 (docs/gpu.md), run on a GPU machine from the repository root, with .gpu/ made by
# benchmarks/gpu/make-bundle.sh beside it. Logs, test reports, bench JSON and the notebook outputs go to $OUT.
set -u
. benchmarks/gpu/setup.sh

stamp "1. only cuDNN 9 on the library path: auto falls back to the CPU, cuda is refused with the reason"
LD_LIBRARY_PATH=$NVLIBS timeout 60 $EX summary --backend auto 2>&1 | grep -i "backend"
LD_LIBRARY_PATH=$NVLIBS timeout 60 $EX summary --backend cuda 2>&1 | grep -v "^\s*at "; echo "rc=${PIPESTATUS[0]}"

stamp "2. libcudnn.so.8 as a symbolic link to libcudnn.so.9"
mkdir -p /tmp/link && ln -sf "$CUDNN9" /tmp/link/libcudnn.so.8
LD_LIBRARY_PATH=/tmp/link:$NVLIBS timeout 60 $EX summary --backend cuda 2>&1 | grep -v "^\s*at "; echo "rc=${PIPESTATUS[0]}"

stamp "3. the stand-in libcudnn.so.8 (cuda-backend/cudnn9-shim), rebuilt here if cc is present"
use_stand_in
timeout 60 $EX summary --backend cuda 2>&1 | grep -i "backend\|cuda\|error\|exception"; echo "rc=${PIPESTATUS[0]}"

stamp "4a. cuda-backend tests (contract suite, CPU agreement, 10,000 steps, out of memory, fallback, host side)"
timeout 240 $J -cp "$CP" GpuSuite "$G/tests/cuda" 2>&1 | tee "$OUT/suite-cuda.txt"
stamp "4b. examples tests tagged gpu (a full notebook run on CPU and GPU)"
timeout 150 $J -cp "$CP" GpuSuite "$G/tests/examples" gpu 2>&1 | tee "$OUT/suite-examples.txt"

stamp "5. notebook --backend cuda, then --backend cpu"
for b in cuda cuda cuda cpu; do
    s=$(date +%s%N)
    timeout 90 $EX notebook --out /tmp/nb-$b --force --backend $b 2>&1 | tail -12
    echo "notebook --backend $b: wall $(( ($(date +%s%N) - s) / 1000000 )) ms"
done
python3 - <<'PY'
import json
a = json.load(open('/tmp/nb-cuda/results.json')); b = json.load(open('/tmp/nb-cpu/results.json'))
for part in ('part1', 'part2'):
    for ra, rb in zip(a[part]['runs'], b[part]['runs']):
        pa, pb = ra['prediction'], rb['prediction']
        print(part, 'cuda', pa, 'cpu', pb, 'same class' if pa['class'] == pb['class'] else 'DIFFERENT CLASS')
for part in ('part3', 'part4'):
    for ra, rb in zip(a[part]['runs'], b[part]['runs']):
        print(part, ra.get('layer'), ra.get('unit'), 'final objective cuda', ra['objective'][-1], 'cpu', rb['objective'][-1])
print('seconds per part, cuda', [a[p]['seconds'] for p in ('part1', 'part2', 'part3', 'part4')],
      'cpu', [b[p]['seconds'] for p in ('part1', 'part2', 'part3', 'part4')])
PY
tar czf "$OUT/notebook.tgz" -C /tmp nb-cuda nb-cpu

stamp "6. bench --backend cuda, then cpu"
timeout 150 $EX bench --backend cuda --repeats 5 > "$OUT/bench-cuda.json"; echo "rc=$?"; cat "$OUT/bench-cuda.json"; echo
timeout 150 $EX bench --backend cpu --repeats 5 > "$OUT/bench-cpu.json"; echo "rc=$?"; cat "$OUT/bench-cpu.json"; echo
nvidia-smi --query-gpu=memory.used,memory.total --format=csv
ls hs_err*.log 2>/dev/null && tar czf "$OUT/crashes.tgz" hs_err*.log
stamp "done"
