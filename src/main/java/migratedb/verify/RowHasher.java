package migratedb.verify;

import migratedb.model.ValueKind;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Hashes a row from normalized values, the same way whichever database the values came from: numbers by value,
 * timestamps as UTC instants in microseconds, text as UTF-8, bytes as bytes, UUIDs in lower case. The source's
 * Java types and the target driver's (Boolean or Integer for BIT, UUID or String for UNIQUEIDENTIFIER...) give
 * the same hash for the same value.
 */
public final class RowHasher {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final ValueKind[] kinds;

    public RowHasher(ValueKind[] kinds) {
        this.kinds = kinds.clone();
    }

    public long hash(Object[] row) {
        long h = FNV_OFFSET;
        for (int i = 0; i < kinds.length; i++) {
            h = mixValue(h, i, kinds[i], row[i]);
        }
        return fmix64(h);
    }

    public Checksum checksum(Iterable<Object[]> rows) {
        long count = 0;
        long sum = 0;
        for (Object[] row : rows) {
            count++;
            sum += hash(row);
        }
        return new Checksum(count, sum);
    }

    private static long mixValue(long h, int column, ValueKind kind, Object v) {
        h = mixLong(h, column);
        if (v == null) {
            return mixLong(h, 0x6e756c6cL); // "null", distinct from every value: values mix a length first
        }
        return switch (kind) {
            case BOOLEAN -> mixLong(mixLong(h, 1), bool(v) ? 1 : 0);
            case INT16, INT32, INT64 -> mixLong(mixLong(h, 8), ((Number) v).longValue());
            case FLOAT32 -> mixLong(mixLong(h, 4), Float.floatToIntBits(((Number) v).floatValue()));
            case FLOAT64 -> mixLong(mixLong(h, 8), Double.doubleToLongBits(((Number) v).doubleValue()));
            case DECIMAL -> mixBytes(h, decimal(v).getBytes(StandardCharsets.US_ASCII));
            case STRING -> mixBytes(h, v.toString().getBytes(StandardCharsets.UTF_8));
            case BYTES -> mixBytes(h, (byte[]) v);
            case UUID -> mixBytes(h, uuid(v).getBytes(StandardCharsets.US_ASCII));
            case DATE -> mixLong(mixLong(h, 8), ((LocalDate) temporal(v, kind)).toEpochDay());
            case TIME -> mixLong(mixLong(h, 8), ((LocalTime) temporal(v, kind)).toNanoOfDay() / 1_000);
            case TIMESTAMP -> mixBytes(h, ((LocalDateTime) temporal(v, kind)).truncatedTo(ChronoUnit.MICROS)
                    .toString().getBytes(StandardCharsets.US_ASCII));
            case TIMESTAMPTZ -> {
                var instant = ((OffsetDateTime) temporal(v, kind)).toInstant();
                yield mixLong(mixLong(mixLong(h, 16), instant.getEpochSecond()), instant.getNano() / 1_000);
            }
        };
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        return ((Number) v).intValue() != 0;
    }

    private static String decimal(Object v) {
        BigDecimal d = v instanceof BigDecimal bd ? bd : new BigDecimal(v.toString());
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String uuid(Object v) {
        return (v instanceof UUID u ? u : UUID.fromString(v.toString().trim())).toString();
    }

    /** Accepts the java.sql types some drivers still hand out. */
    private static Object temporal(Object v, ValueKind kind) {
        if (v instanceof java.sql.Timestamp ts) {
            return kind == ValueKind.TIMESTAMPTZ ? ts.toInstant().atOffset(java.time.ZoneOffset.UTC)
                    : ts.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (v instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return v;
    }

    private static long mixBytes(long h, byte[] bytes) {
        h = mixLong(h, bytes.length);
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }

    private static long mixLong(long h, long value) {
        for (int i = 0; i < 8; i++) {
            h ^= (value >>> (i * 8)) & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** MurmurHash3's finalizer: spreads FNV's weak low bits so that sums of row hashes stay well mixed. */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb93e53fe6ed5L;
        k ^= k >>> 33;
        return k;
    }
}
