package migratedb.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret value (password, key phrase...) that cannot leak by accident: {@link #toString()} is a mask, so a record
 * holding a Secret prints safely, and the value comes out only through {@link #reveal()} at the one place that needs
 * it (the JDBC Properties, a DDL literal, the cipher).
 */
public final class Secret {
    public static final String MASK = "********";
    private static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret of(char[] value) {
        return value == null ? EMPTY : of(new String(value));
    }

    public static Secret empty() {
        return EMPTY;
    }

    /** The clear value. Call it only where the value is handed to the database, the driver or the cipher. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return isEmpty() ? "" : MASK;
    }

    /** Constant-time comparison, so equality checks don't leak the value through timing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.length();
    }
}
