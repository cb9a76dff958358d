package migratedb.verify;

import migratedb.model.ValueKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Hashes a row from normalized values, the same way whichever database the values came from: numbers by value,
 * timestamps as UTC instants in microseconds, text by its characters, bytes as bytes, UUIDs in lower case. The source's
 * Java types and the target driver's (Boolean or Integer for BIT, UUID or String for UNIQUEIDENTIFIER...) give
 * the same hash for the same value.
 */
public final class RowHasher {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

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
            case DECIMAL -> mixDecimal(h, decimal(v));
            // the UTF-16 code units of a Java string: as exact as its UTF-8 bytes, without encoding every value
            case STRING -> mixChars(h, v.toString());
            case BYTES -> mixBytes(h, (byte[]) v);
            case UUID -> {
                UUID u = uuid(v);
                yield mixLong(mixLong(mixLong(h, 16), u.getMostSignificantBits()), u.getLeastSignificantBits());
            }
            case DATE -> mixLong(mixLong(h, 8), ((LocalDate) temporal(v, kind)).toEpochDay());
            case TIME -> mixLong(mixLong(h, 8), ((LocalTime) temporal(v, kind)).toNanoOfDay() / 1_000);
            case TIMESTAMP -> {
                LocalDateTime t = (LocalDateTime) temporal(v, kind);
                // wall-clock value to the microsecond, read as if UTC only to get one number per field
                yield mixLong(mixLong(mixLong(h, 12), t.toEpochSecond(java.time.ZoneOffset.UTC)),
                        t.getNano() / 1_000);
            }
            case TIMESTAMPTZ -> {
                // the instant, whatever the offset: toEpochSecond applies it without building an Instant
                OffsetDateTime t = (OffsetDateTime) temporal(v, kind);
                yield mixLong(mixLong(mixLong(h, 16), t.toEpochSecond()), t.getNano() / 1_000);
            }
        };
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        return ((Number) v).intValue() != 0;
    }

    private static BigDecimal decimal(Object v) {
        return v instanceof BigDecimal bd ? bd : new BigDecimal(v.toString());
    }

    /**
     * A number by its value, not its scale: 1.50, 1.5 and 1.500 hash alike. The canonical form is the unscaled
     * value without trailing decimal zeros and its scale; up to 18 digits it is found in long arithmetic (the
     * copy's common case: numeric(12,2) and the like), beyond that by BigDecimal.stripTrailingZeros.
     */
    private static long mixDecimal(long h, BigDecimal d) {
        h = mixLong(h, 9);
        if (d.signum() == 0) {
            return mixLong(mixLong(h, 0), 0); // zero at any scale
        }
        long unscaled;
        int scale;
        if (d.precision() <= 18) {
            unscaled = d.unscaledValue().longValue();
            scale = d.scale();
            while (unscaled % 10 == 0) {
                unscaled /= 10;
                scale--;
            }
        } else {
            BigDecimal stripped = d.stripTrailingZeros();
            java.math.BigInteger big = stripped.unscaledValue();
            if (big.bitLength() > 63) {
                return mixBytes(mixLong(h, stripped.scale()), big.toByteArray());
            }
            unscaled = big.longValue();
            scale = stripped.scale();
        }
        return mixLong(mixLong(h, scale), unscaled);
    }

    private static UUID uuid(Object v) {
        return v instanceof UUID u ? u : UUID.fromString(v.toString().trim());
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

    /** Eight bytes per step; the length goes first, so values of different lengths never collide by padding. */
    private static long mixBytes(long h, byte[] bytes) {
        h = mixLong(h, bytes.length);
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            h = mixLong(h, (long) LONGS.get(bytes, i));
        }
        long tail = 0;
        for (int shift = 0; i < bytes.length; i++, shift += 8) {
            tail |= (bytes[i] & 0xffL) << shift;
        }
        return mixLong(h, tail);
    }

    /** Four UTF-16 code units per step, length first. */
    private static long mixChars(long h, String s) {
        int n = s.length();
        h = mixLong(h, n);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            h = mixLong(h, s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48);
        }
        long tail = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            tail |= (long) s.charAt(i) << shift;
        }
        return mixLong(h, tail);
    }

    /** One 64-bit step (multiply, rotate, multiply): cheap per value; fmix64 finishes the row. */
    private static long mixLong(long h, long value) {
        h ^= value * 0x9E3779B97F4A7C15L;
        return Long.rotateLeft(h, 29) * 0xBF58476D1CE4E5B9L;
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** MurmurHash3's finalizer: spreads the bits so that sums of row hashes stay well mixed. */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb93e53fe6ed5L;
        k ^= k >>> 33;
        return k;
    }
}
