package org.saliency4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.saliency4j.model.LayerOp;
import org.saliency4j.testing.LayerKinds;

/**
 * Every kind of layer operation is listed as run on the GPU or on the host (the CPU backend's kernel, with copies
 * each way), so that a new kind is a decision for this backend too. What runs where is CudaCompiledModel.op's
 * choice; the GPU suite checks that both agree with the CPU.
 */
class CudaLayerKindsTest {
    /** Kinds with device kernels (Pooling2D, Relu and Merge only in the configurations cuDNN covers). */
    private static final List<Class<?>> ON_THE_DEVICE = List.of(LayerOp.Input.class, LayerOp.Conv2D.class,
            LayerOp.Dense.class, LayerOp.Pooling2D.class, LayerOp.Flatten.class, LayerOp.Relu.class,
            LayerOp.Dropout.class, LayerOp.Identity.class, LayerOp.DepthwiseConv2D.class, LayerOp.BatchNorm.class,
            LayerOp.Affine.class, LayerOp.ZeroPadding2D.class, LayerOp.Cropping2D.class,
            LayerOp.GlobalPooling2D.class, LayerOp.Merge.class);
    /** Kinds that run on the host. */
    private static final List<Class<?>> ON_THE_HOST = List.of(LayerOp.Concatenate.class, LayerOp.UpSampling2D.class,
            LayerOp.Permute.class, LayerOp.PRelu.class, LayerOp.Reshape.class);

    @Test
    void everyKindIsListedOnceAsDeviceOrHost() {
        Set<Class<?>> listed = new HashSet<>(ON_THE_DEVICE);
        assertThat(ON_THE_HOST).doesNotContainAnyElementsOf(listed);
        listed.addAll(ON_THE_HOST);
        assertThat(listed).as("LayerOp's kinds, each listed as run on the device or on the host")
                .containsExactlyInAnyOrderElementsOf(LayerKinds.all());
    }
}
