package org.saliency4j.cuda;

import jcuda.jcudnn.cudnnStatus;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaError;

/** Checks the status every CUDA runtime and cuDNN call returns, where it returns it. */
final class Status {
    private Status() {
    }

    /** Checks a CUDA runtime status. */
    static void cuda(int status, String call, String details) {
        if (status == cudaError.cudaSuccess) {
            return;
        }
        if (status == cudaError.cudaErrorMemoryAllocation) {
            long[] free = new long[1];
            long[] total = new long[1];
            JCuda.cudaMemGetInfo(free, total);
            throw new DeviceMemoryException(call + " (" + details + ") failed: out of device memory, " + free[0]
                    + " of " + total[0] + " bytes free; use a smaller batch or model");
        }
        throw new CudaException(call + " (" + details + ") failed: " + cudaError.stringFor(status));
    }

    /** Checks a cuDNN status. */
    static void dnn(int status, String call, String details) {
        if (status == cudnnStatus.CUDNN_STATUS_SUCCESS) {
            return;
        }
        if (status == cudnnStatus.CUDNN_STATUS_ALLOC_FAILED) {
            throw new DeviceMemoryException(call + " (" + details + ") failed: cuDNN could not allocate device memory;"
                    + " use a smaller batch or model");
        }
        throw new CudaException(call + " (" + details + ") failed: " + cudnnStatus.stringFor(status));
    }
}
