package migratedb.source.postgres;

import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Streams one chunk of a table as batches of rows through {@code COPY (<the cursor reader's SELECT>) TO STDOUT
 * (FORMAT binary)} ({@code copy.sourceReader=copy}): the backend streams without waiting for fetches, and the rows
 * are decoded here from PostgreSQL's binary COPY format into exactly the Java objects {@link BatchStream} produces
 * with pgjdbc's typed getters (proven value by value by BinaryCopyStreamExactnessTest).
 * <p>
 * The binary format is the column's PostgreSQL type's, so only columns whose value kind is the natural one of their
 * type can be decoded here ({@link #supports}); a table with a mapping override across types (an int4 column moved
 * as DECIMAL, say) is read by the cursor reader instead. Runs on a connection of {@link SourceSnapshot#openReader()}:
 * COPY reads inside its REPEATABLE READ transaction, so it sees the shared snapshot.
 */
public final class BinaryCopyStream extends ReadAheadStream {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** Days and seconds from 1970-01-01 (Java's epoch) to 2000-01-01 (PostgreSQL's). */
    private static final long PG_EPOCH_DAYS = 10_957;
    private static final long PG_EPOCH_SECONDS = PG_EPOCH_DAYS * 86_400;
    private static final long MAX_TIME_NANOS = LocalTime.MAX.toNanoOfDay();
    private static final short NUMERIC_POS = 0x0000;
    private static final short NUMERIC_NEG = 0x4000;
    private static final short NUMERIC_NAN = (short) 0xC000;
    private static final short NUMERIC_PINF = (short) 0xD000;
    private static final short NUMERIC_NINF = (short) 0xF000;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
            10_000_000L, 100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
            10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L,
            100_000_000_000_000_000L, 1_000_000_000_000_000_000L};

    public BinaryCopyStream(Connection connection, PostgresTableReader tableReader, TargetTable table,
                            String rangeColumn, Long lo, Long hi, int batchSize, String threadName) {
        super(batchSize, threadName, sink -> {
            ValueKind[] kinds = PostgresTableReader.kinds(table);
            String sql = tableReader.copySql(table, rangeColumn, lo, hi);
            CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            try {
                new Decoder(copy, kinds, table.sourceName()).readAll(sink);
            } finally {
                if (copy.isActive()) {
                    // cancelled, or failed half way: end the COPY so the connection is not left inside it
                    cancel(connection, copy);
                }
            }
        });
    }

    /** True when every column of the table can be decoded from COPY binary into its value kind's object. */
    public static boolean supports(TargetTable table) {
        return table.columns().stream().allMatch(BinaryCopyStream::supports);
    }

    static boolean supports(TargetColumn c) {
        String base = c.source().baseType();
        return switch (c.valueKind()) {
            // non-text types are cast to their output text in the SELECT
            case STRING -> true;
            case BOOLEAN -> "bool".equals(base);
            case INT16 -> "int2".equals(base);
            case INT32 -> "int4".equals(base);
            case INT64 -> "int8".equals(base);
            case FLOAT32 -> "float4".equals(base);
            case FLOAT64 -> "float8".equals(base);
            // money is cast to numeric in the SELECT
            case DECIMAL -> "numeric".equals(base) || "money".equals(base);
            case BYTES -> "bytea".equals(base);
            case UUID -> "uuid".equals(base);
            case DATE -> "date".equals(base);
            case TIME -> "time".equals(base);
            case TIMESTAMP -> "timestamp".equals(base);
            case TIMESTAMPTZ -> "timestamptz".equals(base);
        };
    }

    /**
     * Ends a COPY that is still sending: asks the backend to cancel it, then reads and discards what is still on
     * the wire up to its end (the cancel's error, or the COPY's own end if it finished first), so that the
     * connection is back at ReadyForQuery. (pgjdbc's {@code CopyOut.cancelCopy()} only sends the cancel request
     * and releases the connection, leaving the rest of the COPY and its error to the next statement.)
     */
    static void cancel(Connection connection, CopyOut copy) {
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
            while (copy.isActive() && copy.readFromCopy() != null) {
                // discarded: the chunk is abandoned
            }
        } catch (SQLException expected) {
            // "canceling statement due to user request" ends it; a broken connection is closed by the caller
        }
    }

    /**
     * Parses the COPY binary stream: an 11-byte signature, flags, a header extension; per tuple a 16-bit field
     * count, per field a 32-bit length (-1 for NULL) and the bytes; a field count of -1 ends it. Reads the
     * driver's CopyData buffers as they come (one per tuple, as PostgreSQL sends them) and joins two only when a
     * value straddles them.
     */
    static final class Decoder {
        private final CopyOut copy;
        private final ValueKind[] kinds;
        private final String table;
        private final Days days = new Days();
        private byte[] buf = new byte[0];
        private int pos;

        Decoder(CopyOut copy, ValueKind[] kinds, String table) {
            this.copy = copy;
            this.kinds = kinds;
            this.table = table;
        }

        void readAll(ReadAheadStream.Sink sink) throws SQLException, InterruptedException {
            header();
            while (!sink.cancelled()) {
                need(2);
                int fields = int16();
                if (fields == -1) {
                    // the trailer: the driver then reports the COPY's end (its CommandComplete) with null
                    if (copy.readFromCopy() != null) {
                        throw malformed("data after the end of the COPY");
                    }
                    return;
                }
                if (fields != kinds.length) {
                    throw malformed("a tuple of " + fields + " fields, " + kinds.length + " expected");
                }
                Object[] row = new Object[fields];
                for (int i = 0; i < fields; i++) {
                    need(4);
                    int len = int32();
                    if (len == -1) {
                        continue;
                    }
                    if (len < 0) {
                        throw malformed("a field length of " + len);
                    }
                    need(len);
                    row[i] = decode(kinds[i], buf, pos, len, days);
                    pos += len;
                }
                sink.add(row);
            }
        }

        private void header() throws SQLException {
            need(SIGNATURE.length + 8);
            if (!Arrays.equals(buf, pos, pos + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                throw malformed("no PGCOPY signature");
            }
            pos += SIGNATURE.length;
            int flags = int32();
            if ((flags & 0x0001_0000) != 0) {
                throw malformed("OIDs included");
            }
            int extension = int32();
            need(extension);
            pos += extension;
        }

        /** Makes at least n bytes readable at pos, reading (and only if needed, joining) the driver's buffers. */
        private void need(int n) throws SQLException {
            while (buf.length - pos < n) {
                byte[] more = copy.readFromCopy();
                if (more == null) {
                    throw malformed("the data ended inside a tuple");
                }
                if (pos == buf.length) {
                    buf = more;
                } else {
                    byte[] joined = new byte[buf.length - pos + more.length];
                    System.arraycopy(buf, pos, joined, 0, buf.length - pos);
                    System.arraycopy(more, 0, joined, buf.length - pos, more.length);
                    buf = joined;
                }
                pos = 0;
            }
        }

        private int int16() {
            int v = (short) (((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF));
            pos += 2;
            return v;
        }

        private int int32() {
            int v = int4(buf, pos);
            pos += 4;
            return v;
        }

        private SQLException malformed(String what) {
            return new PSQLException("COPY binary data of " + table + " not as expected: " + what,
                    PSQLState.DATA_ERROR);
        }
    }

    /**
     * The last day decoded and its LocalDate: timestamps read in key order mostly fall on the day of the row before
     * (logs, audit trails, created-at columns), and LocalDate.ofEpochDay's calendar arithmetic was a visible part of
     * decoding them. One per decoder (one reader thread).
     */
    static final class Days {
        private long day = Long.MIN_VALUE;
        private LocalDate date;

        LocalDate of(long epochDay) {
            if (epochDay != day) {
                date = LocalDate.ofEpochDay(epochDay); // validates the range, as LocalDateTime.ofEpochSecond does
                day = epochDay;
            }
            return date;
        }
    }

    /** One value from its binary COPY bytes, as the cursor reader's typed getter returns it. */
    static Object decode(ValueKind kind, byte[] b, int off, int len, Days days) throws SQLException {
        return switch (kind) {
            case BOOLEAN -> b[off] == 1;
            case INT16 -> (short) (((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF));
            case INT32 -> int4(b, off);
            case INT64 -> int8(b, off);
            case FLOAT32 -> Float.intBitsToFloat(int4(b, off));
            case FLOAT64 -> Double.longBitsToDouble(int8(b, off));
            case DECIMAL -> numeric(b, off, len);
            case STRING -> new String(b, off, len, StandardCharsets.UTF_8);
            case BYTES -> Arrays.copyOfRange(b, off, off + len);
            case UUID -> new UUID(int8(b, off), int8(b, off + 8));
            case DATE -> date(int4(b, off), days);
            case TIME -> time(int8(b, off));
            case TIMESTAMP -> timestamp(int8(b, off), days);
            case TIMESTAMPTZ -> timestamptz(int8(b, off), days);
        };
    }

    /** pgjdbc: infinity is LocalDate.MAX, -infinity LocalDate.MIN. */
    static LocalDate date(int pgDays, Days days) {
        if (pgDays == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (pgDays == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return days.of(PG_EPOCH_DAYS + pgDays);
    }

    /** Microseconds since midnight; pgjdbc: 24:00:00 is LocalTime.MAX. */
    static LocalTime time(long micros) {
        long nanos = Math.multiplyExact(micros, 1000L);
        return nanos > MAX_TIME_NANOS ? LocalTime.MAX : LocalTime.ofNanoOfDay(nanos);
    }

    /** Microseconds since 2000-01-01 00:00 (proleptic Gregorian); pgjdbc: ±infinity is LocalDateTime.MAX/MIN. */
    static LocalDateTime timestamp(long micros, Days days) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        // LocalDateTime.ofEpochSecond(seconds, nanos, UTC), with the day from the cache
        long seconds = Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS;
        long nanoOfDay = Math.floorMod(seconds, 86_400L) * 1_000_000_000L + Math.floorMod(micros, 1_000_000L) * 1000;
        return LocalDateTime.of(days.of(Math.floorDiv(seconds, 86_400L)), LocalTime.ofNanoOfDay(nanoOfDay));
    }

    /** Microseconds since 2000-01-01 00:00 UTC, as an OffsetDateTime in UTC. */
    static OffsetDateTime timestamptz(long micros, Days days) throws SQLException {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            // pgjdbc gives OffsetDateTime.MAX/MIN, which has no UTC form: the cursor reader fails on it alike
            throw PostgresTableReader.infiniteTimestamptz(micros > 0);
        }
        return OffsetDateTime.of(timestamp(micros, days), ZoneOffset.UTC);
    }

    /**
     * PostgreSQL's binary numeric: ndigits, weight (of the first base-10000 digit), sign, display scale, then the
     * base-10000 digits. The value has exactly the display scale, as pgjdbc's BigDecimal does.
     */
    static BigDecimal numeric(byte[] b, int off, int len) throws SQLException {
        int ndigits = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
        int weight = (short) (((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF));
        short sign = (short) (((b[off + 4] & 0xFF) << 8) | (b[off + 5] & 0xFF));
        int dscale = ((b[off + 6] & 0xFF) << 8) | (b[off + 7] & 0xFF);
        if (sign != NUMERIC_POS && sign != NUMERIC_NEG) {
            String text = sign == NUMERIC_NAN ? "NaN" : sign == NUMERIC_PINF ? "Infinity"
                    : sign == NUMERIC_NINF ? "-Infinity" : "sign 0x" + Integer.toHexString(sign & 0xFFFF);
            // what pgjdbc's getBigDecimal says for these values
            throw new PSQLException("Bad value for type BigDecimal : " + text, PSQLState.NUMERIC_VALUE_OUT_OF_RANGE);
        }
        if (len != 8 + 2 * ndigits) {
            throw new PSQLException("numeric of " + len + " bytes for " + ndigits + " digits", PSQLState.DATA_ERROR);
        }
        BigDecimal value;
        if (ndigits == 0) {
            value = BigDecimal.ZERO;
        } else {
            int p = off + 8;
            if (ndigits <= 4) {
                long unscaled = 0;
                for (int i = 0; i < ndigits; i++, p += 2) {
                    unscaled = unscaled * 10_000 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                }
                int scale = 4 * (ndigits - 1 - weight);
                // the common case (numeric(12,2) and the like): reach the display scale in long arithmetic, one
                // BigDecimal instead of two and no division of a BigDecimal
                if (scale >= dscale && scale - dscale < POWERS_OF_TEN.length
                        && unscaled % POWERS_OF_TEN[scale - dscale] == 0) {
                    unscaled /= POWERS_OF_TEN[scale - dscale];
                    return BigDecimal.valueOf(sign == NUMERIC_NEG ? -unscaled : unscaled, dscale);
                }
                value = BigDecimal.valueOf(unscaled, scale);
            } else {
                BigInteger unscaled = BigInteger.ZERO;
                for (int i = 0; i < ndigits; i++, p += 2) {
                    unscaled = unscaled.multiply(TEN_THOUSAND)
                            .add(BigInteger.valueOf(((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF)));
                }
                value = new BigDecimal(unscaled, 4 * (ndigits - 1 - weight));
            }
            if (sign == NUMERIC_NEG) {
                value = value.negate();
            }
        }
        // the digits beyond the display scale are zeros (a base-10000 digit holds four decimals): exact
        return value.setScale(dscale, RoundingMode.UNNECESSARY);
    }

    private static int int4(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static long int8(byte[] b, int off) {
        return ((long) int4(b, off) << 32) | (int4(b, off + 4) & 0xFFFF_FFFFL);
    }
}
