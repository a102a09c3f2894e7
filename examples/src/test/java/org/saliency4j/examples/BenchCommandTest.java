package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.testing.SharedFiles;

/** The FLOP counts the bench reports GFLOP/s with. */
class BenchCommandTest {
    @Test
    void vgg16HasTheKnownShapeAndWork() {
        Model vgg = BenchCommand.vgg16();
        assertThat(vgg.outputShape()).isEqualTo(Shape.of(1000));
        // VGG16 (configuration D): 138,357,544 parameters and 15.47 G multiply-adds at 224x224 (Simonyan and
        // Zisserman 2014; the usual count), so 30.9 GFLOP at 2 FLOP per multiply-add.
        assertThat(vgg.parameterCount()).isEqualTo(138_357_544L);
        assertThat(BenchCommand.flops(vgg) / 1e9).isCloseTo(30.94, within(0.01));
    }

    @Test
    void cnn5StepWork() throws IOException {
        Model cnn5 = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        // conv_0 30*30*32*27 + conv_1 13*13*64*288 + conv_2 4*4*64*576 + 1024*64 + 64*10 multiply-adds
        assertThat(BenchCommand.flops(cnn5)).isEqualTo(2.0 * (777_600 + 3_115_008 + 589_824 + 65_536 + 640));
    }
}
