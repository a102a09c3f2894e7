import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs the JUnit tests under a class-path root (only those of one tag, if given) and prints each result, for a GPU
 * machine without Maven: {@code GpuSuite <test-classes folder> [tag]}. Exits 1 when a test failed.
 */
public class GpuSuite {
    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(Path.of(args[0]))));
        if (args.length > 1) {
            b.filters(TagFilter.includeTags(args[1]));
        }
        LauncherDiscoveryRequest request = b.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener printer = new TestExecutionListener() {
            final java.util.Map<String, Long> start = new java.util.concurrent.ConcurrentHashMap<>();
            @Override public void executionStarted(TestIdentifier id) { start.put(id.getUniqueId(), System.nanoTime()); }
            @Override public void executionSkipped(TestIdentifier id, String reason) {
                System.out.println("SKIPPED " + id.getDisplayName() + ": " + reason);
            }
            @Override public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                long ms = (System.nanoTime() - start.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
                String name = id.getLegacyReportingName();
                if (id.isTest() || r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    System.out.println(r.getStatus() + " " + name + " (" + ms + " ms)"
                            + r.getThrowable().map(t -> ": " + t).orElse(""));
                    if (r.getStatus() == TestExecutionResult.Status.FAILED) {
                        r.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
                    }
                }
            }
        };
        launcher.execute(request, summary, printer);
        summary.getSummary().printTo(new PrintWriter(System.out));
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
