package org.saliency4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import jcuda.runtime.JCuda;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;
import org.saliency4j.testing.SharedFiles;

/** Device memory: no growth over 10,000 steps, and running out is a clear exception (GPU suite only). */
@GpuTest
class CudaResourcesTest {
    private static long freeBytes() {
        long[] free = new long[1];
        long[] total = new long[1];
        Status.cuda(JCuda.cudaMemGetInfo(free, total), "cudaMemGetInfo", "");
        return free[0];
    }

    @Test
    void tenThousandStepsDoNotGrowDeviceMemory() throws IOException {
        Model model = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        Tensor x = new RandomTensors(1).uniform(model.inputShape().withBatch(1), 0, 1);
        try (Backend backend = new CudaBackendProvider().create(); CompiledModel compiled = backend.compile(model)) {
            Tensor seed = Tensor.filled(model.outputShape().withBatch(1), 1f);
            for (int warmUp = 0; warmUp < 10; warmUp++) {
                try (ForwardPass pass = compiled.forward(x)) {
                    pass.inputGradientFromPreActivation(model.output(), seed);
                }
            }
            long before = freeBytes();
            for (int step = 0; step < 10_000; step++) {
                try (ForwardPass pass = compiled.forward(x)) {
                    pass.inputGradientFromPreActivation(model.output(), seed);
                }
            }
            long after = freeBytes();
            System.err.println("device memory free before " + before + ", after 10,000 steps " + after);
            assertThat(before - after).as("bytes lost over 10,000 steps").isLessThan(1 << 20);
        }
    }

    @Test
    void runningOutOfDeviceMemoryIsAClearException() {
        try (Backend backend = new CudaBackendProvider().create()) {
            assertThatThrownBy(() -> DeviceBuffer.allocate(1L << 40, "a terabyte")).isInstanceOf(DeviceMemoryException.class)
                    .hasMessageContaining("cudaMalloc").hasMessageContaining("a terabyte")
                    .hasMessageContaining("smaller batch");
            assertThat(backend.name()).isEqualTo("cuda");
        }
    }
}
