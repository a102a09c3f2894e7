#!/bin/bash
# Packs into .gpu/ (git-ignored) everything the GPU checks need on a bare GPU machine that has neither a JDK nor
# Maven nor network: a jlink'd JDK 17 (xz), the examples' fat jar, the test classes and test jars, a JUnit launcher
# (GpuSuite), the cuDNN 9 stand-in, the notebook's model with the first 100 CIFAR-10 test images, and FreeType,
# HarfBuzz, Fontconfig and DejaVu fonts for the figures where the machine lacks them, the zoo's MobileNetV2 and the
# first test image as a PNG. About 53 MB.
#
# Run from the repository root after `mvn -B package -DskipTests`, with SALIENCY4J_HOME set; then run
# benchmarks/gpu/run.sh (the backend's checks) or benchmarks/gpu/run-attribution.sh (attribution and feature
# visualisation) there with .gpu carried along (they write their logs to $OUT). docs/gpu.md has the results.
set -eu
G=.gpu
M2=${M2:-$HOME/.m2/repository}
rm -rf "$G" && mkdir -p "$G"/lib "$G"/tests "$G"/syslibs "$G"/fonts "$G"/shared/models "$G"/shared/data/cifar-10-batches-bin
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude

jdk=$(mktemp -d)
jlink --add-modules java.base,java.desktop,java.logging,jdk.incubator.vector,jdk.management,jdk.unsupported \
    --compress=0 --strip-debug --no-header-files --no-man-pages --output "$jdk/jdk0"
strip --strip-unneeded "$jdk"/jdk0/lib/server/libjvm.so "$jdk"/jdk0/lib/*.so
tar cJf "$G/jdk.tar.xz" -C "$jdk" jdk0
rm -rf "$jdk"

cp examples/target/saliency4j-examples.jar "$G/examples.jar"
cp api/target/saliency4j-api-*-tests.jar "$G/lib/"
# JUnit, AssertJ and Jackson's data binding (the tests read JSON with it; the fat jar holds only its streaming core).
junit=5.14.1
platform=1.14.1
for jar in org/junit/jupiter/junit-jupiter-api/$junit/junit-jupiter-api-$junit.jar \
    org/junit/jupiter/junit-jupiter-engine/$junit/junit-jupiter-engine-$junit.jar \
    org/junit/jupiter/junit-jupiter-params/$junit/junit-jupiter-params-$junit.jar \
    org/junit/platform/junit-platform-commons/$platform/junit-platform-commons-$platform.jar \
    org/junit/platform/junit-platform-engine/$platform/junit-platform-engine-$platform.jar \
    org/junit/platform/junit-platform-launcher/$platform/junit-platform-launcher-$platform.jar \
    org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar \
    org/assertj/assertj-core/3.27.7/assertj-core-3.27.7.jar net/bytebuddy/byte-buddy/1.18.3/byte-buddy-1.18.3.jar \
    com/fasterxml/jackson/core/jackson-databind/2.20.1/jackson-databind-2.20.1.jar \
    com/fasterxml/jackson/core/jackson-annotations/2.20/jackson-annotations-2.20.jar; do
    cp "$M2/$jar" "$G/lib/"
done
javac -d "$G/lib" -cp "$G/lib/*" benchmarks/gpu/GpuSuite.java
cp -r cuda-backend/target/test-classes "$G/tests/cuda"
cp -r examples/target/test-classes "$G/tests/examples"

mkdir -p "$G/shim"
sh cuda-backend/cudnn9-shim/make-shim.sh "$G/examples.jar" "$G/shim"
cp cuda-backend/cudnn9-shim/make-shim.sh "$G/shim/"
unzip -p "$G/examples.jar" 'lib/libJCudnn-*-linux-x86_64.so' > "$G/shim/jcudnn.so"
nm -D --undefined-only "$G/shim/jcudnn.so" | awk '$2 ~ /@libcudnn\.so\.8$/ { sub(/@.*/, "", $2); print $2 }' > "$G/shim/names.txt"
rm "$G/shim/jcudnn.so"

javabin=$(readlink -f "$(command -v java)")
fontmanager=$(dirname "$javabin")/../lib/libfontmanager.so
ldd "$fontmanager" /usr/lib/x86_64-linux-gnu/libfontconfig.so.1 | awk '/=> \// { print $3 }' | sort -u \
    | grep -v 'libc\.so\|libm\.so\|libstdc\|libgcc_s\|ld-linux\|libjava\|libjvm\|libawt' \
    | while read -r l; do cp -L "$l" "$G/syslibs/"; done
cp -L /usr/lib/x86_64-linux-gnu/libfontconfig.so.1 "$G/syslibs/"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf "$G/fonts/"

cp "$SALIENCY4J_HOME/models/CIFAR-10_CNN5.h5" "$G/shared/models/"
head -c $((100 * 3073)) "$SALIENCY4J_HOME/data/cifar-10-batches-bin/test_batch.bin" \
    > "$G/shared/data/cifar-10-batches-bin/test_batch.bin"
mkdir -p "$G/shared/models/zoo" "$G/images"
cp "$SALIENCY4J_HOME/models/zoo/963n-TeachableMachine__keras_model.h5" "$G/shared/models/zoo/"
# The first CIFAR-10 test image (a cat) as a PNG for explain, written by the tests' own CifarPngs.
png=$(mktemp -d)
printf 'class WritePng { public static void main(String[] a) throws Exception {\n%s\n} }\n' \
    'org.saliency4j.testing.CifarPngs.write(java.nio.file.Path.of(a[0]), 1);' > "$png/WritePng.java"
java -cp "$G/lib/*:$G/examples.jar" "$png/WritePng.java" "$G/images"
rm -rf "$png"
du -sh "$G"
