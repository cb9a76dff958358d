package migratedb.cli;

import migratedb.copy.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live copy progress, at most every two seconds: overall rows, rows/s and ETA, then each table being copied with
 * its own rows, rows/s and ETA. In a terminal the status line is rewritten in place; otherwise (a pipe, a
 * scheduler's log) each update is a plain line. The same line goes to the route log. A line is printed when each
 * table ends.
 */
final class ConsoleProgress implements ProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.progress");
    private static final long INTERVAL_NANOS = 2_000_000_000L;

    /** One table's counters; guarded by its own monitor. */
    private static final class TableProgress {
        final long total;
        long copied;
        long started;
        boolean finished;

        TableProgress(long total, long alreadyCopied) {
            this.total = total;
            this.copied = alreadyCopied;
        }
    }

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, TableProgress> tables = new ConcurrentSkipListMap<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong lastPrint = new AtomicLong(System.nanoTime());
    private volatile long started = System.nanoTime();
    private volatile boolean statusLineOpen;

    ConsoleProgress(PrintStream out) {
        this(out, System.console() != null && out == System.out);
    }

    ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void runStarted(int tableCount) {
        started = System.nanoTime();
        out.printf("Copying %d %s...%n", tableCount, tableCount == 1 ? "table" : "tables");
    }

    @Override
    public void tableStarted(String table, long sourceRows, long alreadyCopied) {
        tables.put(table, new TableProgress(sourceRows, alreadyCopied));
        total.addAndGet(Math.max(0, sourceRows - alreadyCopied));
    }

    @Override
    public void rowsCopied(String table, long rows) {
        TableProgress t = tables.get(table);
        if (t != null) {
            synchronized (t) {
                if (t.started == 0) {
                    t.started = System.nanoTime();
                }
                t.copied += rows;
            }
        }
        long done = copied.addAndGet(rows);
        long now = System.nanoTime();
        long last = lastPrint.get();
        if (now - last >= INTERVAL_NANOS && lastPrint.compareAndSet(last, now)) {
            status(done, now);
        }
    }

    private synchronized void status(long done, long now) {
        double rate = done / Math.max((now - started) / 1e9, 0.001);
        long all = total.get();
        StringBuilder line = new StringBuilder(String.format("  %,d of %,d rows (%.0f%%), %,.0f rows/s, ETA %s",
                done, all, all == 0 ? 100.0 : 100.0 * done / all, rate, eta(Math.max(0, all - done), rate)));
        List<String> active = new ArrayList<>();
        tables.forEach((name, t) -> {
            synchronized (t) {
                if (!t.finished && t.copied > 0 && t.copied < t.total) {
                    double seconds = (now - t.started) / 1e9;
                    if (seconds < 1) {
                        // too early for a rate: one batch in a few milliseconds would read as millions of rows/s
                        active.add(String.format("%s %,d/%,d", name, t.copied, t.total));
                    } else {
                        double r = t.copied / seconds;
                        active.add(String.format("%s %,d/%,d %,.0f rows/s ETA %s", name, t.copied, t.total, r,
                                eta(t.total - t.copied, r)));
                    }
                }
            }
        });
        if (!active.isEmpty()) {
            line.append(" | ").append(String.join(" | ", active));
        }
        LOG.info("Progress:{}", line);
        if (terminal) {
            out.print("\r" + line + "\033[K");
            out.flush();
            statusLineOpen = true;
        } else {
            out.println(line);
        }
    }

    @Override
    public synchronized void tableFinished(String table) {
        TableProgress t = tables.get(table);
        long rows = 0;
        if (t != null) {
            synchronized (t) {
                t.finished = true;
                rows = t.copied;
            }
        }
        endStatusLine();
        out.printf("  %s: %,d rows copied%n", table, rows);
    }

    @Override
    public synchronized void runFinished() {
        endStatusLine();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("Copied %,d rows in %.1f s (%,.0f rows/s)%n", copied.get(), seconds,
                copied.get() / Math.max(seconds, 0.001));
    }

    private void endStatusLine() {
        if (statusLineOpen) {
            out.print("\r\033[K");
            statusLineOpen = false;
        }
    }

    private static String eta(long remaining, double rate) {
        if (rate <= 0) {
            return "?";
        }
        long s = (long) (remaining / rate);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
