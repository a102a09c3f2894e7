/**
 * The CUDA backend: the same layers as the CPU backend on an NVIDIA GPU, through JCuda and JCudnn (cuDNN 8):
 * convolution forward and backward-data, pooling, activations and softmax by cuDNN, dense layers as 1x1
 * convolutions. Natives are loaded lazily by {@link org.saliency4j.cuda.CudaBackendProvider#probe()}, which
 * never throws; when no GPU is usable the library falls back to the CPU backend and says why.
 */
@NullMarked
package org.saliency4j.cuda;

import org.jspecify.annotations.NullMarked;
