package migratedb.report;

import migratedb.copy.ProgressListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the copy's progress for the report: each table's cumulative rows, at most once per interval per table.
 * Thread-safe (tables are copied in parallel). Memory stays bounded however long the run: past {@value #MAX_SAMPLES}
 * samples the interval doubles and every other sample of each table is dropped.
 */
public final class ThroughputSampler implements ProgressListener {
    static final int MAX_SAMPLES = 4_000;

    private final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSampleMillis = new ConcurrentHashMap<>();
    private final List<ThroughputSample> samples = new ArrayList<>();
    private volatile long startNanos = System.nanoTime();
    private volatile boolean started;
    private long intervalMillis;

    public ThroughputSampler() {
        this(500);
    }

    ThroughputSampler(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    @Override
    public synchronized void runStarted(int tables) {
        if (!started) {
            started = true;
            startNanos = System.nanoTime();
        }
    }

    @Override
    public void tableStarted(String table, long sourceRows, long alreadyCopied) {
        rows.computeIfAbsent(table, t -> new AtomicLong());
        sample(table, true);
    }

    @Override
    public void rowsCopied(String table, long count) {
        rows.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(count);
        sample(table, false);
    }

    @Override
    public void tableFinished(String table) {
        sample(table, true);
    }

    private void sample(String table, boolean always) {
        long now = (System.nanoTime() - startNanos) / 1_000_000;
        synchronized (this) {
            Long last = lastSampleMillis.get(table);
            if (!always && last != null && now - last < intervalMillis) {
                return;
            }
            lastSampleMillis.put(table, now);
            samples.add(new ThroughputSample(now, table, rows.get(table).get()));
            if (samples.size() > MAX_SAMPLES) {
                thin();
            }
        }
    }

    /** Keeps every other sample of each table (and each table's latest), and samples half as often from now on. */
    private void thin() {
        intervalMillis *= 2;
        Map<String, Integer> seen = new HashMap<>();
        Map<String, ThroughputSample> latest = new HashMap<>();
        samples.forEach(s -> latest.put(s.table(), s));
        List<ThroughputSample> kept = new ArrayList<>();
        for (ThroughputSample s : samples) {
            int n = seen.merge(s.table(), 1, Integer::sum);
            if (n % 2 == 1 || latest.get(s.table()) == s) {
                kept.add(s);
            }
        }
        samples.clear();
        samples.addAll(kept);
    }

    public synchronized List<ThroughputSample> samples() {
        return List.copyOf(samples);
    }
}
