package org.saliency4j.cuda;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.saliency4j.backend.Availability;

/**
 * Marks a test class of the GPU suite: tagged {@code gpu} (excluded from {@code mvn verify}, run with
 * {@code -Dsaliency4j.excludedGroups=none -Dgroups=gpu}) and disabled, with the CUDA probe's reason, where no usable GPU is
 * present. One place for what every GPU test class repeated in a {@code @BeforeAll}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("gpu")
@ExtendWith(GpuTest.WhenAvailable.class)
@interface GpuTest {
    /** Enables the tests where the CUDA backend's probe finds a usable GPU; the probe runs once per JVM. */
    final class WhenAvailable implements ExecutionCondition {
        private static final Availability PROBE = new CudaBackendProvider().probe();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return PROBE.available() ? ConditionEvaluationResult.enabled("a usable GPU: " + PROBE.reason())
                    : ConditionEvaluationResult.disabled("no usable GPU: " + PROBE.reason());
        }
    }
}
