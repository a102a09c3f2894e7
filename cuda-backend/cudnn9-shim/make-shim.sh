#!/bin/sh
# Builds libcudnn.so.8, a stand-in that lets JCudnn 11.7.0 (built against cuDNN 8) run on cuDNN 9.
#
# JCudnn's native library asks for libcudnn.so.8 and binds each cuDNN function to the symbol version
# "libcudnn.so.8", so neither a symbolic link to libcudnn.so.9 nor a renamed copy loads. This stand-in defines
# that version; each of its functions jumps to the function of the same name in libcudnn.so.9, looked up once
# when the stand-in is loaded. A cuDNN 8 function that cuDNN 9 removed stops the process with a message naming it.
#
# Usage: make-shim.sh <jcudnn-natives-11.7.0-linux-x86_64.jar or a jar that contains it> <output folder>
# Needs: sh, unzip or python3, nm (binutils), cc. Put the output folder on LD_LIBRARY_PATH before cuDNN 9's own folder.
set -eu
jar=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if command -v unzip >/dev/null; then
    unzip -q -o -d "$work" "$jar" 'lib/libJCudnn-*-linux-x86_64.so'
else
    python3 -c 'import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
z.extractall(sys.argv[2], [n for n in z.namelist() if re.fullmatch(r"lib/libJCudnn-.*-linux-x86_64\.so", n)])' "$jar" "$work"
fi
nm -D --undefined-only "$work"/lib/libJCudnn-*.so | awk '$2 ~ /@libcudnn\.so\.8$/ { sub(/@.*/, "", $2); print $2 }' \
    > "$work/names"
count=$(wc -l < "$work/names")
{
    echo "#define COUNT $count"
    cat <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
__attribute__((visibility("hidden"))) void *s4j_cudnn9[COUNT];
static const char *const names[COUNT] = {
C
    sed 's/.*/    "&",/' "$work/names"
    cat <<'C'
};
__attribute__((visibility("hidden"))) void s4j_missing(long index) {
    fprintf(stderr, "cuDNN 8 stand-in: cuDNN 9 has no %s\n", names[index]);
    abort();
}
__attribute__((constructor)) static void bind_cudnn9(void) {
    void *cudnn9 = dlopen("libcudnn.so.9", RTLD_NOW | RTLD_GLOBAL);
    if (cudnn9 == NULL) {
        fprintf(stderr, "cuDNN 8 stand-in: cannot load libcudnn.so.9: %s\n", dlerror());
        abort();
    }
    for (int i = 0; i < COUNT; i++) {
        s4j_cudnn9[i] = dlsym(cudnn9, names[i]);
    }
}
C
    printf '%s\n' '__asm__(".text\n"'
    awk '{ printf "    \".globl %s\\n.type %s,@function\\n%s:\\n  movq s4j_cudnn9+%d(%%rip), %%rax\\n  testq %%rax, %%rax\\n  jz 1f\\n  jmp *%%rax\\n1: movq $%d, %%rdi\\n  jmp s4j_missing\\n\"\n", $1, $1, $1, 8 * (NR - 1), NR - 1 }' "$work/names"
    echo ');'
} > "$work/shim.c"
echo 'libcudnn.so.8 { global: cudnn*; local: *; };' > "$work/shim.map"
mkdir -p "$out"
cc -shared -fPIC -O2 -o "$out/libcudnn.so.8" -Wl,-soname,libcudnn.so.8 -Wl,--version-script="$work/shim.map" \
    "$work/shim.c" -ldl
echo "wrote $out/libcudnn.so.8: $count cuDNN 8 functions forwarded to libcudnn.so.9"
