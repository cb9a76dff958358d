package migratedb.troubleshoot;

import migratedb.config.ConfigTrouble;
import migratedb.copy.CopyTrouble;
import migratedb.ops.OpsTrouble;
import migratedb.pipeline.PreflightTrouble;
import migratedb.pipeline.SchemaTrouble;
import migratedb.source.postgres.bundled.BundledTrouble;
import migratedb.verify.VerifyTrouble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every known failure, in one list: rendered as the README's table and checked by tests. */
public final class TroubleshootingCatalogue {
    private TroubleshootingCatalogue() {
    }

    /**
     * The catalogue enums of each area, in the order a run meets them. Add an area's enum here when it is created
     * (one line each, so areas merge without conflict).
     */
    private static final List<Class<? extends Enum<? extends Trouble>>> AREAS = new ArrayList<>();

    static {
        AREAS.add(ConfigTrouble.class);
        AREAS.add(SecurityTrouble.class);
        AREAS.add(BundledTrouble.class);
        AREAS.add(migratedb.mapping.MappingTrouble.class);
        AREAS.add(migratedb.assess.AssessTrouble.class);
        AREAS.add(PreflightTrouble.class);
        AREAS.add(SchemaTrouble.class);
        AREAS.add(CopyTrouble.class);
        AREAS.add(VerifyTrouble.class);
        AREAS.add(OpsTrouble.class);
        AREAS.add(GeneralTrouble.class);
    }

    /** The areas' enums in catalogue order (the README table has one section per area). */
    public static List<Class<? extends Enum<? extends Trouble>>> areas() {
        return List.copyOf(AREAS);
    }

    public static List<Trouble> all() {
        List<Trouble> all = new ArrayList<>();
        for (Class<? extends Enum<? extends Trouble>> area : AREAS) {
            Arrays.stream(area.getEnumConstants()).map(Trouble.class::cast).forEach(all::add);
        }
        return all;
    }
}
