#!/bin/bash
# The set-up every GPU check script shares, sourced from the repository root with .gpu/ (benchmarks/gpu/make-bundle.sh)
# beside it and $OUT set: logs to $OUT/log.txt, prints the machine, unpacks the JDK, finds cuDNN 9 and the NVIDIA
# wheels' libraries, supplies the font libraries the machine lacks, and defines J (java with the vector module),
# EX (the command line), CP (the test suites' class path) and use_stand_in (libcudnn.so.8 as the cuDNN 9
# stand-in, first on the library path).
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
# The class path of GpuSuite runs: the command line, JUnit and the test classes of both modules.
CP="$G/examples.jar:$G/lib/*:$G/lib:$G/tests/cuda:$G/tests/examples"

use_stand_in() {
    mkdir -p /tmp/shim && cp "$G/shim/libcudnn.so.8" /tmp/shim/
    if command -v cc >/dev/null; then
        sh "$G/shim/make-shim.sh" "$G/examples.jar" /tmp/shim-here && cp /tmp/shim-here/libcudnn.so.8 /tmp/shim/
    fi
    export LD_LIBRARY_PATH=/tmp/shim:$NVLIBS
}
