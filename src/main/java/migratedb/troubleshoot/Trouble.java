package migratedb.troubleshoot;

/**
 * One entry of the troubleshooting catalogue, in the product document's shape: error · cause · effect · solution.
 * Each area of MigrateDB keeps its entries in an enum of its own that implements this interface;
 * {@link TroubleshootingCatalogue} lists those enums so the README table and the tests see them all.
 *
 * <p>Texts may contain {@code {placeholders}} that {@link MigrationException} fills from its details
 * (table, column, setting, file...). Never put a secret into a detail.</p>
 */
public interface Trouble {
    /** The entry's texts. */
    TroubleText text();

    /** Stable identifier, e.g. {@code TARGET_NOT_EMPTY}: the enum constant's name; used in logs, reports, tests. */
    default String code() {
        return ((Enum<?>) this).name();
    }

    default String error() {
        return text().error();
    }

    default String cause() {
        return text().cause();
    }

    default String effect() {
        return text().effect();
    }

    default String solution() {
        return text().solution();
    }
}
