package org.saliency4j.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints each skipped test, and each whose assumption failed (a missing model file, no GPU), with its reason on
 * standard error, so that a skip shows on the console and not only in the surefire XML. Registered through
 * {@code META-INF/services} in this test-jar, so every module whose tests use the jar gets it.
 */
public final class SkipReporter implements TestExecutionListener {
    /** Creates the listener (JUnit's launcher finds it through {@link java.util.ServiceLoader}). */
    public SkipReporter() {
        // stateless
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.err.println("SKIPPED " + test.getDisplayName() + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("an assumption failed");
            System.err.println("SKIPPED " + test.getDisplayName() + ": " + reason);
        }
    }
}
