package migratedb.troubleshoot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every known failure, in one list: rendered as the README's table and checked by tests. */
public final class TroubleshootingCatalogue {
    private TroubleshootingCatalogue() {
    }

    /** The catalogue enums of each area. Add an area's enum here when it is created. */
    private static final List<Class<? extends Enum<? extends Trouble>>> AREAS = List.of(
            GeneralTrouble.class,
            migratedb.source.postgres.bundled.BundledTrouble.class);

    public static List<Trouble> all() {
        List<Trouble> all = new ArrayList<>();
        for (Class<? extends Enum<? extends Trouble>> area : AREAS) {
            Arrays.stream(area.getEnumConstants()).map(Trouble.class::cast).forEach(all::add);
        }
        return all;
    }
}
