#!/bin/bash
# The GPU checks of issue 4 (docs/gpu.md), run on a GPU machine from the repository root, with .gpu/ made by
# benchmarks/gpu/make-bundle.sh beside it. Logs, test reports, bench JSON and the notebook outputs go to $OUT.
set -u
G=$PWD/.gpu
t0=$(date +%s)
exec > >(tee "$OUT/log.txt") 2>&1
stamp() { echo; echo "=== [$(date -u +%H:%M:%S) +$(( $(date +%s) - t0 ))s] $*"; }
stamp "machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
nvidia-smi | head -4 | tail -2
uname -r; ldd --version | head -1; grep PRETTY /etc/os-release; nproc
tar xJf "$G/jdk.tar.xz" -C /tmp
JAVA=/tmp/jdk0/bin/java
SP=$(python3 -c 'import site; print(site.getsitepackages()[0])')
CUDNN9=$(find "$SP/nvidia" -name 'libcudnn.so.9*' 2>/dev/null | head -1)
echo "cuDNN 9: $CUDNN9"; ls "$(dirname "$CUDNN9")"
python3 -c 'import torch; print("torch", torch.__version__, "cudnn", torch.backends.cudnn.version())'
NVLIBS=$(find "$SP/nvidia" -name 'lib*.so*' -printf '%h\n' 2>/dev/null | sort -u | tr '\n' ':')/tmp/extralibs
echo "NVIDIA wheel library folders: $NVLIBS"
echo "cuDNN 8 anywhere: $(find /usr /opt /lib* -name 'libcudnn.so.8*' 2>/dev/null | head -3)"
python3 - "$CUDNN9" "$G/shim/names.txt" <<'PY'
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
names = open(sys.argv[2]).read().split()
missing = [n for n in names if not hasattr(lib, n)]
print(f"cuDNN 9 lacks {len(missing)} of JCudnn's {len(names)} cuDNN 8 functions: {' '.join(missing)}")
PY
# Java's font rendering (the figures) needs FreeType, HarfBuzz and Fontconfig: use the carried copies of those
# the machine lacks, and the carried fonts when Fontconfig lists none.
mkdir -p /tmp/extralibs
for l in "$G"/syslibs/*; do
    ldconfig -p | grep -q "$(basename "$l") " || ln -sf "$l" /tmp/extralibs/
done
echo "carried libraries used: $(ls /tmp/extralibs | tr '\n' ' ')"
if [ -z "$(LD_LIBRARY_PATH=/tmp/extralibs fc-list 2>/dev/null | head -1)" ]; then
    printf '<?xml version="1.0"?><fontconfig><dir>%s</dir><cachedir>/tmp/fccache</cachedir></fontconfig>\n' "$G/fonts" > /tmp/fonts.conf
    export FONTCONFIG_FILE=/tmp/fonts.conf
    echo "no fonts listed by Fontconfig: using the carried DejaVu fonts"
fi
export SALIENCY4J_HOME=$G/shared
J="$JAVA --add-modules jdk.incubator.vector -Xmx24g"
EX="$J -jar $G/examples.jar"

stamp "1. only cuDNN 9 on the library path: auto falls back to the CPU, cuda is refused with the reason"
LD_LIBRARY_PATH=$NVLIBS timeout 60 $EX summary --backend auto 2>&1 | grep -i "backend"
LD_LIBRARY_PATH=$NVLIBS timeout 60 $EX summary --backend cuda 2>&1 | grep -v "^\s*at "; echo "rc=${PIPESTATUS[0]}"

stamp "2. libcudnn.so.8 as a symbolic link to libcudnn.so.9"
mkdir -p /tmp/link && ln -sf "$CUDNN9" /tmp/link/libcudnn.so.8
LD_LIBRARY_PATH=/tmp/link:$NVLIBS timeout 60 $EX summary --backend cuda 2>&1 | grep -v "^\s*at "; echo "rc=${PIPESTATUS[0]}"

stamp "3. the stand-in libcudnn.so.8 (cuda-backend/cudnn9-shim), rebuilt here if cc is present"
mkdir -p /tmp/shim && cp "$G/shim/libcudnn.so.8" /tmp/shim/
if command -v cc >/dev/null; then sh "$G/shim/make-shim.sh" "$G/examples.jar" /tmp/shim-here && cp /tmp/shim-here/libcudnn.so.8 /tmp/shim/; fi
export LD_LIBRARY_PATH=/tmp/shim:$NVLIBS
timeout 60 $EX summary --backend cuda 2>&1 | grep -i "backend\|cuda\|error\|exception"; echo "rc=${PIPESTATUS[0]}"

CP="$G/examples.jar:$G/lib/*:$G/lib:$G/tests/cuda:$G/tests/examples"
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
