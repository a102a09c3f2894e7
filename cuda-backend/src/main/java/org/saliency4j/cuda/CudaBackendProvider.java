package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaDeviceProp;
import jcuda.runtime.cudaError;
import org.jspecify.annotations.Nullable;
import org.saliency4j.BackendUnavailableException;
import org.saliency4j.backend.Availability;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the CUDA backend. Nothing native is touched until {@link #probe()}, which loads JCuda's and JCudnn's
 * natives, asks the driver for a device and cuDNN for its version, and never throws: every failure (no natives
 * for this platform, no driver, no device, no cuDNN 8) becomes an unavailable result with the reason, logged
 * once at INFO.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** The name users select it by. */
    public static final String NAME = "cuda";
    /** Preferred over the CPU backend (priority 0) whenever it is available. */
    public static final int PRIORITY = 100;

    private static final Logger LOG = LoggerFactory.getLogger(CudaBackendProvider.class);
    private static @Nullable Availability probed;

    /** Creates the provider (used by {@link java.util.ServiceLoader}); loads nothing. */
    public CudaBackendProvider() {
        // natives are loaded by probe()
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability probe() {
        synchronized (CudaBackendProvider.class) {
            if (probed == null) {
                probed = probeOnce();
                if (!probed.available()) {
                    LOG.info("CUDA backend unavailable: {}", probed.reason());
                }
            }
            return probed;
        }
    }

    private static Availability probeOnce() {
        try {
            int[] count = new int[1];
            int status = JCuda.cudaGetDeviceCount(count);
            if (status == cudaError.cudaErrorInsufficientDriver) {
                return Availability.unavailable("no NVIDIA driver on this machine, or one older than CUDA 11.7 needs "
                        + "(cudaGetDeviceCount: cudaErrorInsufficientDriver)");
            }
            if (status == cudaError.cudaErrorNoDevice || (status == cudaError.cudaSuccess && count[0] == 0)) {
                return Availability.unavailable("no NVIDIA GPU on this machine (cudaGetDeviceCount: "
                        + (status == cudaError.cudaSuccess ? "0 devices" : cudaError.stringFor(status)) + ")");
            }
            if (status != cudaError.cudaSuccess) {
                return Availability.unavailable("the NVIDIA driver did not list its GPUs (cudaGetDeviceCount: "
                        + cudaError.stringFor(status) + ")");
            }
            cudaDeviceProp p = new cudaDeviceProp();
            int propertiesStatus = JCuda.cudaGetDeviceProperties(p, 0);
            if (propertiesStatus != cudaError.cudaSuccess) {
                return Availability.unavailable("cudaGetDeviceProperties failed: " + cudaError.stringFor(propertiesStatus));
            }
            int[] driver = new int[1];
            // The driver's version only describes the GPU in the backend line; without it the line says so.
            String version = JCuda.cudaDriverGetVersion(driver) == cudaError.cudaSuccess
                    ? driver[0] / 1000 + "." + driver[0] % 1000 / 10 : "of unknown version";
            long cudnn = JCudnn.cudnnGetVersion();
            return Availability.available("GPU 0 of " + count[0] + ": " + p.getName() + ", compute capability "
                    + p.major + "." + p.minor + ", " + (p.totalGlobalMem >> 20) + " MiB; CUDA driver "
                    + version + ", cuDNN " + cudnn);
        } catch (UnsatisfiedLinkError e) {
            return Availability.unavailable("a library it needs is not installed here (" + loaderMessage(e.getMessage())
                    + "): the CUDA backend needs the NVIDIA driver (libcuda.so.1) and cuDNN 8 (libcudnn.so.8) on the "
                    + "library path, or cuDNN 9 with the libcudnn.so.8 stand-in of docs/gpu.md");
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("loading JCuda/JCudnn failed: " + e);
        }
    }

    /**
     * The system loader's own words from JCuda's message, which wraps them in stack traces of each way it tried:
     * the last {@code UnsatisfiedLinkError} line (for example "libcudnn.so.8: cannot open shared object file").
     */
    static String loaderMessage(@Nullable String jcudaMessage) {
        if (jcudaMessage == null) {
            return "no message";
        }
        String marker = "UnsatisfiedLinkError: ";
        String last = null;
        for (String line : jcudaMessage.split("\\R", -1)) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                last = line.substring(at + marker.length()).trim();
            }
        }
        return last != null ? last : jcudaMessage.lines().findFirst().orElse("").trim();
    }

    @Override
    public Backend create() {
        Availability a = probe();
        if (!a.available()) {
            throw new BackendUnavailableException("the CUDA backend is unavailable: " + a.reason());
        }
        return new CudaBackend();
    }
}
