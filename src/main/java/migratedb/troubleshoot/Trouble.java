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
    /** Stable identifier, e.g. {@code PREFLIGHT_TARGET_NOT_EMPTY}; used in logs, reports and tests. */
    String code();

    String error();

    String cause();

    String effect();

    String solution();
}
