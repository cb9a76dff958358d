package migratedb.verify;

/**
 * An order-independent checksum of a set of rows: the row count and the sum (mod 2^64) of 64-bit row hashes.
 * Chunks add up to tables, and the target can be read in any order. A changed, missing or duplicated row changes
 * it.
 */
public record Checksum(long rows, long sum) {
    public static final Checksum EMPTY = new Checksum(0, 0);

    public Checksum plus(Checksum other) {
        return new Checksum(rows + other.rows, sum + other.sum);
    }

    public Checksum plusRow(long rowHash) {
        return new Checksum(rows + 1, sum + rowHash);
    }

    /** "rows:hex", as stored in the checkpoint table and shown in reports. */
    public String text() {
        String hex = Long.toHexString(sum); // as %016x, without a Formatter per chunk
        return rows + ":" + "0".repeat(16 - hex.length()) + hex;
    }

    public static Checksum parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        int colon = text.indexOf(':');
        return new Checksum(Long.parseLong(text.substring(0, colon)),
                Long.parseUnsignedLong(text.substring(colon + 1), 16));
    }

    @Override
    public String toString() {
        return text();
    }
}
