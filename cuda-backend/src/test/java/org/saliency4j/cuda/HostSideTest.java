package org.saliency4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** The parts of the CUDA backend that run on the host, tested without a GPU: layouts, weights, padding. */
class HostSideTest {
    @Test
    void channelsLastAndChannelsFirstAreInverse() {
        Layout l = Layout.of(Shape.of(2, 3, 4));
        float[] nhwc = new float[2 * 24];
        for (int i = 0; i < nhwc.length; i++) {
            nhwc[i] = i;
        }
        float[] nchw = l.toDevice(nhwc, 2);
        // Sample 1, channel 2, row 1, column 0: NHWC index 24 + (1 * 3 + 0) * 4 + 2.
        assertThat(nchw[24 + (2 * 2 + 1) * 3]).isEqualTo(24 + 3 * 4 + 2);
        assertThat(l.toHost(nchw, 2)).containsExactly(nhwc);
        assertThat(Layout.of(Shape.of(10)).toDevice(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 1))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void kerasKernelsAreReorderedForCudnn() {
        float[] hwio = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < hwio.length; i++) {
            hwio[i] = i;
        }
        LayerOp.Conv2D conv = new LayerOp.Conv2D(Tensor.of(Shape.of(2, 3, 4, 5), hwio), null, 1, 1, Padding.VALID);
        float[] kcrs = ConvolutionLayer.kcrs(conv);
        // out 3, in 1, row 1, column 2: Keras index ((1 * 3 + 2) * 4 + 1) * 5 + 3.
        assertThat(kcrs[((3 * 4 + 1) * 2 + 1) * 3 + 2]).isEqualTo(((1 * 3 + 2) * 4 + 1) * 5 + 3);
        LayerOp.Dense dense = new LayerOp.Dense(Tensor.of(Shape.of(2, 3), 0, 1, 2, 3, 4, 5), null);
        assertThat(ConvolutionLayer.kcrs(dense)).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void tensorflowsOddSamePaddingIsExplicit() {
        ExplicitPadding even = new ExplicitPadding(Padding.SAME, Layout.of(Shape.of(32, 32, 3)), 3, 3, 1, 1);
        assertThat(even.symmetric()).isTrue();
        ExplicitPadding odd = new ExplicitPadding(Padding.SAME, Layout.of(Shape.of(8, 7, 3)), 3, 3, 2, 2);
        // Height 8, stride 2: total 1, all after; width 7: total 2, one each side.
        assertThat(new int[] {odd.top, odd.bottom, odd.left, odd.right}).containsExactly(0, 1, 1, 1);
        assertThat(odd.symmetric()).isFalse();
        assertThat(odd.padded().h).isEqualTo(9);
        assertThat(odd.padded().w).isEqualTo(9);
        assertThat(new ExplicitPadding(Padding.VALID, Layout.of(Shape.of(5, 5, 1)), 2, 2, 2, 2).symmetric()).isTrue();
    }

    @Test
    void depthwiseKernelsBecomeOneFilterGroupPerInputChannel() {
        float[] hwim = new float[2 * 3 * 4 * 2];
        for (int i = 0; i < hwim.length; i++) {
            hwim[i] = i;
        }
        LayerOp.DepthwiseConv2D op = new LayerOp.DepthwiseConv2D(Tensor.of(Shape.of(2, 3, 4, 2), hwim), null, 1, 1,
                Padding.VALID);
        float[] kcrs = ConvolutionLayer.kcrs(op);
        // Input channel 3, multiplier 1 (output channel 7), row 1, column 2: Keras index ((1 * 3 + 2) * 4 + 3) * 2 + 1.
        assertThat(kcrs[(7 * 2 + 1) * 3 + 2]).isEqualTo(((1 * 3 + 2) * 4 + 3) * 2 + 1);
        assertThat(kcrs).hasSize(hwim.length);
    }

    @Test
    void theProbeKeepsTheSystemLoadersWordsFromJcudasMessage() {
        // JCuda 11.7.0's message when libcudnn.so.8 is missing (as printed on a machine with only cuDNN 9).
        String jcuda = """
                Error while loading native library "JCudnn-11.7.0-linux-x86_64"
                Operating system name: Linux
                ---(start of nested stack traces)---
                Stack trace from the attempt to load the library as a file:
                java.lang.UnsatisfiedLinkError: no JCudnn-11.7.0-linux-x86_64 in java.library.path: /usr/lib
                	at java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2458)
                Stack trace from the attempt to load the library as a resource:
                java.lang.UnsatisfiedLinkError: /tmp/libJCudnn-11.7.0-linux-x86_64.so: libcudnn.so.8: cannot open \
                shared object file: No such file or directory
                	at java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
                ---(end of nested stack traces)---
                """;
        assertThat(CudaBackendProvider.loaderMessage(jcuda)).isEqualTo("/tmp/libJCudnn-11.7.0-linux-x86_64.so: "
                + "libcudnn.so.8: cannot open shared object file: No such file or directory");
        assertThat(CudaBackendProvider.loaderMessage("no JCuda in java.library.path\nsecond line"))
                .isEqualTo("no JCuda in java.library.path");
        assertThat(CudaBackendProvider.loaderMessage(null)).isEqualTo("no message");
    }
}
