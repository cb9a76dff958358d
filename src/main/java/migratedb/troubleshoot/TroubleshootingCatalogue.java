package migratedb.troubleshoot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every known failure, in one list: rendered as docs/troubleshooting.md and checked by tests. The areas' enums are
 * named in the resource {@value #AREAS_RESOURCE}, not imported: the catalogue sits below every layer that defines
 * entries (the pipeline's preflight and schema stages among them) and must not depend on them.
 */
public final class TroubleshootingCatalogue {
    static final String AREAS_RESOURCE = "META-INF/migratedb/trouble-areas";

    private static final List<Class<? extends Enum<? extends Trouble>>> AREAS = load();

    private TroubleshootingCatalogue() {
    }

    /** The areas' enums in catalogue order (the document has one section per area). */
    public static List<Class<? extends Enum<? extends Trouble>>> areas() {
        return AREAS;
    }

    public static List<Trouble> all() {
        List<Trouble> all = new ArrayList<>();
        for (Class<? extends Enum<? extends Trouble>> area : AREAS) {
            Arrays.stream(area.getEnumConstants()).map(Trouble.class::cast).forEach(all::add);
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Enum<? extends Trouble>>> load() {
        ClassLoader loader = TroubleshootingCatalogue.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(AREAS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(AREAS_RESOURCE + " is missing from the build");
            }
            List<Class<? extends Enum<? extends Trouble>>> areas = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                Class<?> c = Class.forName(line, true, loader);
                if (!c.isEnum() || !Trouble.class.isAssignableFrom(c)) {
                    throw new IllegalStateException(line + " in " + AREAS_RESOURCE + " is not an enum of Trouble");
                }
                areas.add((Class<? extends Enum<? extends Trouble>>) c);
            }
            return List.copyOf(areas);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(AREAS_RESOURCE + " names a class that does not exist: " + e.getMessage(), e);
        }
    }
}
