package migratedb.cli;

import migratedb.copy.ProgressListener;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress on the console: overall rows, rows/s and ETA, at most every two seconds, as plain lines (so it
 * reads the same in a terminal, a scheduler's log or a pipe), plus a line when each table starts and ends.
 */
final class ConsoleProgress implements ProgressListener {
    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final Map<String, long[]> tables = new ConcurrentHashMap<>(); // [source rows, copied]
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong lastPrint = new AtomicLong(System.nanoTime());
    private volatile long started = System.nanoTime();

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void runStarted(int tableCount) {
        started = System.nanoTime();
        out.printf("Copying %d tables...%n", tableCount);
    }

    @Override
    public void tableStarted(String table, long sourceRows, long alreadyCopied) {
        tables.put(table, new long[]{sourceRows, alreadyCopied});
        total.addAndGet(sourceRows - alreadyCopied);
    }

    @Override
    public void rowsCopied(String table, long rows) {
        long[] t = tables.get(table);
        if (t != null) {
            synchronized (t) {
                t[1] += rows;
            }
        }
        long done = copied.addAndGet(rows);
        long now = System.nanoTime();
        long last = lastPrint.get();
        if (now - last >= INTERVAL_NANOS && lastPrint.compareAndSet(last, now)) {
            double seconds = (now - started) / 1e9;
            double rate = done / Math.max(seconds, 0.001);
            long remaining = Math.max(0, total.get() - done);
            out.printf("  %,d of %,d rows (%.0f%%), %,.0f rows/s, ETA %s%n", done, total.get(),
                    total.get() == 0 ? 100.0 : 100.0 * done / total.get(), rate,
                    rate <= 0 ? "?" : formatSeconds((long) (remaining / rate)));
        }
    }

    @Override
    public void tableFinished(String table) {
        long[] t = tables.get(table);
        out.printf("  %s: %,d rows copied%n", table, t == null ? 0 : t[1]);
    }

    @Override
    public void runFinished() {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("Copied %,d rows in %.1f s (%,.0f rows/s)%n", copied.get(), seconds,
                copied.get() / Math.max(seconds, 0.001));
    }

    private static String formatSeconds(long s) {
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
