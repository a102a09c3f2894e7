package org.saliency4j.examples;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Progress of a long command on standard error: the units done of the total, their rate and the time left. Nothing
 * is shown for work that ends within {@link #QUIET_SECONDS} of its start. On a terminal it is one bar redrawn in
 * place; elsewhere (a log, a pipe) a plain line at each tenth of the work. Units may be added from any thread.
 */
final class Progress implements AutoCloseable {
    /** Work that ends within this many seconds shows no progress. */
    static final double QUIET_SECONDS = 1.0;
    /**
     * The system property that says whether standard error is a terminal ({@code true} or {@code false}); the
     * {@code saliency4j} launcher sets it from {@code [ -t 2 ]}, which Java cannot ask itself.
     */
    static final String TERMINAL_PROPERTY = "saliency4j.terminal";
    private static final long REDRAW_MILLIS = 200;
    private static final int BAR_WIDTH = 30;

    private final String task;
    private final long total;
    private final String unit;
    private final @Nullable PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final @Nullable ScheduledExecutorService ticker;
    /** Tenths of the work already reported as plain lines. */
    private int reportedTenths;
    private boolean shown;

    private Progress(String task, long total, String unit, @Nullable PrintWriter err, boolean terminal) {
        this.task = task;
        this.total = Math.max(total, 1);
        this.unit = unit;
        this.err = err;
        this.terminal = terminal;
        if (err == null) {
            ticker = null;
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "saliency4j-progress");
            t.setDaemon(true);
            return t;
        });
        // Its future is not kept: close() ends the redraws by shutting the executor down, and tick() throws nothing.
        var unused = ticker.scheduleAtFixedRate(this::tick, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts showing the progress of some work.
     *
     * @param task     what runs, e.g. {@code evaluate}
     * @param total    the number of units the work has
     * @param unit     their name, plural, e.g. {@code images}
     * @param err      where the progress goes
     * @param terminal whether {@code err} is a terminal (a bar redrawn in place) or not (plain lines)
     * @return the progress; close it when the work ends
     */
    static Progress start(String task, long total, String unit, PrintWriter err, boolean terminal) {
        return new Progress(task, total, unit, err, terminal);
    }

    /** @return a progress that shows nothing ({@code --quiet}) */
    static Progress silent() {
        return new Progress("", 1, "", null, false);
    }

    /**
     * @return whether standard error is a terminal: the launcher's {@value #TERMINAL_PROPERTY} if set, else
     *         whether the JVM has a console (standard input and output on a terminal)
     */
    @SuppressWarnings("SystemConsoleNull") // on Java 22 and later the launcher's property decides, as it always sets it
    static boolean terminal() {
        String said = System.getProperty(TERMINAL_PROPERTY);
        return said != null ? Boolean.parseBoolean(said) : System.console() != null;
    }

    /**
     * Counts finished units.
     *
     * @param units how many more are done
     */
    void advance(long units) {
        done.addAndGet(units);
    }

    private synchronized void tick() {
        PrintWriter out = err;
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out == null || seconds < QUIET_SECONDS) {
            return;
        }
        long n = Math.min(done.get(), total);
        if (terminal) {
            out.print("\r" + line(n, seconds, true) + "\033[K");
            out.flush();
            shown = true;
        } else if (n * 10 / total > reportedTenths || !shown) {
            reportedTenths = (int) (n * 10 / total);
            out.println(line(n, seconds, false));
            shown = true;
        }
    }

    /** The text of one report: bar (on a terminal), count, rate and time left. */
    String line(long n, double seconds, boolean bar) {
        StringBuilder s = new StringBuilder(task).append(' ');
        if (bar) {
            int filled = (int) (BAR_WIDTH * n / total);
            s.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ");
        }
        s.append(String.format(Locale.ROOT, "%,d/%,d %s (%d %%)", n, total, unit, 100 * n / total));
        if (n > 0 && seconds > 0) {
            double rate = n / seconds;
            s.append(String.format(Locale.ROOT, ", %s %s/s", rate >= 10 ? String.format(Locale.ROOT, "%,.0f", rate)
                    : String.format(Locale.ROOT, "%.2g", rate), unit));
            if (n < total) {
                s.append(", about ").append(duration((total - n) / rate)).append(" left");
            }
        }
        return s.toString();
    }

    /** A time span for people: "40 s", "3 min 5 s", "2 h 10 min". */
    static String duration(double seconds) {
        long s = Math.round(Math.ceil(seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    /** Stops the display; a bar that was shown ends its line, plain lines end with the total. */
    @Override
    public synchronized void close() {
        if (ticker == null || ticker.isShutdown()) {
            return;
        }
        ticker.shutdownNow();
        PrintWriter out = err;
        if (out == null || !shown) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (terminal) {
            out.print("\r" + line(Math.min(done.get(), total), seconds, true) + "\033[K\n");
            out.flush();
        } else if (reportedTenths < 10) {
            out.println(line(Math.min(done.get(), total), seconds, false));
        }
    }
}
