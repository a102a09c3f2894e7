package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.saliency4j.backend.Availability;
import org.saliency4j.backend.Backend;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.cuda.CudaBackendProvider;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.testing.SharedFiles;

/** One full notebook run on the GPU gives the CPU's figure 1 and figure 3 predictions (GPU suite only). */
@Tag("gpu")
class NotebookOnGpuTest {
    @Test
    void figure1And3PredictionsAgreeWithTheCpu() throws IOException {
        Availability a = new CudaBackendProvider().probe();
        Assumptions.assumeTrue(a.available(), "no usable GPU: " + a.reason());
        Path modelFile = SharedFiles.require(SharedFiles.CNN5);
        Model model = KerasModels.load(modelFile);
        Cifar10.LabeledImages test = Cifar10.read(SharedFiles.require(SharedFiles.CIFAR10_TEST), 18);
        Notebook.Results cpu;
        Notebook.Results gpu;
        try (Backend b = new CpuBackendProvider().create()) {
            cpu = Notebook.run(model, b, test, n -> { });
        }
        try (Backend b = new CudaBackendProvider().create()) {
            gpu = Notebook.run(model, b, test, n -> { });
        }
        for (int c = 0; c < 10; c++) {
            assertThat(gpu.part1().get(c).prediction().caption()).as("figure 1, class %d", c)
                    .isEqualTo(cpu.part1().get(c).prediction().caption());
            assertThat(gpu.part2().get(c).prediction().classIndex()).as("figure 3, saliency %d", c)
                    .isEqualTo(cpu.part2().get(c).prediction().classIndex());
        }
    }
}
