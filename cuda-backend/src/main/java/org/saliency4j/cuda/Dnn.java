package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnActivationDescriptor;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnConvolutionMode;
import jcuda.jcudnn.cudnnDataType;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnMathType;
import jcuda.jcudnn.cudnnNanPropagation;
import jcuda.jcudnn.cudnnOpTensorDescriptor;
import jcuda.jcudnn.cudnnPoolingDescriptor;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.jcudnn.cudnnTensorFormat;

/** cuDNN descriptors as small {@code AutoCloseable} values; every status is checked with the shapes. */
final class Dnn {
    private Dnn() {
    }

    /** A 4-D float tensor descriptor. */
    static final class Tensor implements AutoCloseable {
        final cudnnTensorDescriptor desc = new cudnnTensorDescriptor();
        final String shape;
        private boolean closed;

        private Tensor(String shape) {
            this.shape = shape;
            Status.dnn(JCudnn.cudnnCreateTensorDescriptor(desc), "cudnnCreateTensorDescriptor", shape);
        }

        /** Packed (n, c, h, w). */
        static Tensor nchw(int n, int c, int h, int w) {
            Tensor t = new Tensor("NCHW (" + n + ", " + c + ", " + h + ", " + w + ")");
            Status.dnn(JCudnn.cudnnSetTensor4dDescriptor(t.desc, cudnnTensorFormat.CUDNN_TENSOR_NCHW,
                    cudnnDataType.CUDNN_DATA_FLOAT, n, c, h, w), "cudnnSetTensor4dDescriptor", t.shape);
            return t;
        }

        /** Packed in (n, h, w, c) memory order, dimensions given as (n, c, h, w). */
        static Tensor nhwc(int n, int c, int h, int w) {
            Tensor t = new Tensor("NHWC (" + n + ", " + c + ", " + h + ", " + w + ")");
            Status.dnn(JCudnn.cudnnSetTensor4dDescriptor(t.desc, cudnnTensorFormat.CUDNN_TENSOR_NHWC,
                    cudnnDataType.CUDNN_DATA_FLOAT, n, c, h, w), "cudnnSetTensor4dDescriptor", t.shape);
            return t;
        }

        /** (n, c, h, w) inside a larger NCHW buffer of height {@code fullH} and width {@code fullW}. */
        static Tensor window(int n, int c, int h, int w, int fullH, int fullW) {
            Tensor t = new Tensor("(" + n + ", " + c + ", " + h + ", " + w + ") in (" + fullH + ", " + fullW + ")");
            Status.dnn(JCudnn.cudnnSetTensor4dDescriptorEx(t.desc, cudnnDataType.CUDNN_DATA_FLOAT, n, c, h, w,
                    c * fullH * fullW, fullH * fullW, fullW, 1), "cudnnSetTensor4dDescriptorEx", t.shape);
            return t;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                JCudnn.cudnnDestroyTensorDescriptor(desc);
            }
        }
    }

    /** A (k, c, r, s) float filter in NCHW layout. */
    static final class Filter implements AutoCloseable {
        final cudnnFilterDescriptor desc = new cudnnFilterDescriptor();
        final String shape;
        private boolean closed;

        Filter(int k, int c, int r, int s) {
            shape = "filter (" + k + ", " + c + ", " + r + ", " + s + ")";
            Status.dnn(JCudnn.cudnnCreateFilterDescriptor(desc), "cudnnCreateFilterDescriptor", shape);
            Status.dnn(JCudnn.cudnnSetFilter4dDescriptor(desc, cudnnDataType.CUDNN_DATA_FLOAT,
                    cudnnTensorFormat.CUDNN_TENSOR_NCHW, k, c, r, s), "cudnnSetFilter4dDescriptor", shape);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                JCudnn.cudnnDestroyFilterDescriptor(desc);
            }
        }
    }

    /**
     * A cross-correlation (Keras' convolution) with symmetric padding, in plain float arithmetic: TF32 tensor
     * cores are not allowed, so results agree with the CPU backend to float32 rounding.
     */
    static final class Convolution implements AutoCloseable {
        final cudnnConvolutionDescriptor desc = new cudnnConvolutionDescriptor();
        private boolean closed;

        Convolution(int padH, int padW, int strideH, int strideW) {
            this(padH, padW, strideH, strideW, 1);
        }

        /** A grouped convolution: {@code groups} input channels each convolved with its own filters (depthwise). */
        Convolution(int padH, int padW, int strideH, int strideW, int groups) {
            String what = "pad " + padH + "x" + padW + ", stride " + strideH + "x" + strideW + ", groups " + groups;
            Status.dnn(JCudnn.cudnnCreateConvolutionDescriptor(desc), "cudnnCreateConvolutionDescriptor", what);
            Status.dnn(JCudnn.cudnnSetConvolution2dDescriptor(desc, padH, padW, strideH, strideW, 1, 1,
                    cudnnConvolutionMode.CUDNN_CROSS_CORRELATION, cudnnDataType.CUDNN_DATA_FLOAT),
                    "cudnnSetConvolution2dDescriptor", what);
            Status.dnn(JCudnn.cudnnSetConvolutionMathType(desc, cudnnMathType.CUDNN_FMA_MATH),
                    "cudnnSetConvolutionMathType", "CUDNN_FMA_MATH");
            if (groups > 1) {
                Status.dnn(JCudnn.cudnnSetConvolutionGroupCount(desc, groups), "cudnnSetConvolutionGroupCount", what);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                JCudnn.cudnnDestroyConvolutionDescriptor(desc);
            }
        }
    }

    /** An element-wise operation of two tensors ({@code cudnnOpTensor}), the second broadcast where its size is 1. */
    static final class OpTensor implements AutoCloseable {
        final cudnnOpTensorDescriptor desc = new cudnnOpTensorDescriptor();
        private boolean closed;

        OpTensor(int op) {
            String what = "operation " + op;
            Status.dnn(JCudnn.cudnnCreateOpTensorDescriptor(desc), "cudnnCreateOpTensorDescriptor", what);
            Status.dnn(JCudnn.cudnnSetOpTensorDescriptor(desc, op, cudnnDataType.CUDNN_DATA_FLOAT,
                    cudnnNanPropagation.CUDNN_PROPAGATE_NAN), "cudnnSetOpTensorDescriptor", what);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                JCudnn.cudnnDestroyOpTensorDescriptor(desc);
            }
        }
    }

    /** A 2-D pooling window. */
    static final class Pooling implements AutoCloseable {
        final cudnnPoolingDescriptor desc = new cudnnPoolingDescriptor();
        private boolean closed;

        Pooling(int mode, int h, int w, int padH, int padW, int strideH, int strideW) {
            String what = "window " + h + "x" + w + ", pad " + padH + "x" + padW + ", stride " + strideH + "x" + strideW;
            Status.dnn(JCudnn.cudnnCreatePoolingDescriptor(desc), "cudnnCreatePoolingDescriptor", what);
            Status.dnn(JCudnn.cudnnSetPooling2dDescriptor(desc, mode, cudnnNanPropagation.CUDNN_NOT_PROPAGATE_NAN,
                    h, w, padH, padW, strideH, strideW), "cudnnSetPooling2dDescriptor", what);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                JCudnn.cudnnDestroyPoolingDescriptor(desc);
            }
        }
    }

    /** An activation function with its coefficient (ELU's alpha, clipped ReLU's ceiling). */
    static final class Activation implements AutoCloseable {
        final cudnnActivationDescriptor desc = new cudnnActivationDescriptor();
        private boolean closed;

        Activation(int mode, double coefficient) {
            String what = "mode " + mode + ", coefficient " + coefficient;
            Status.dnn(JCudnn.cudnnCreateActivationDescriptor(desc), "cudnnCreateActivationDescriptor", what);
            Status.dnn(JCudnn.cudnnSetActivationDescriptor(desc, mode, cudnnNanPropagation.CUDNN_NOT_PROPAGATE_NAN,
                    coefficient), "cudnnSetActivationDescriptor", what);
            if (mode == jcuda.jcudnn.cudnnActivationMode.CUDNN_ACTIVATION_SWISH) {
                Status.dnn(JCudnn.cudnnSetActivationDescriptorSwishBeta(desc, 1.0),
                        "cudnnSetActivationDescriptorSwishBeta", "beta 1");
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                JCudnn.cudnnDestroyActivationDescriptor(desc);
            }
        }
    }
}
