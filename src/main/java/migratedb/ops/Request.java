package migratedb.ops;

import java.nio.file.Path;
import java.util.List;

/**
 * A request taken from the inbox: what to run, with which configuration and overrides.
 *
 * @param file    the request file's name (e.g. {@code nightly.request})
 * @param command assess, migrate, resume or verify
 * @param config  the configuration file (inside conf/)
 * @param runId   the run to verify ({@code run=}), or null for the latest
 * @param sets    overrides as {@code key=value}, with the meaning of {@code --set}
 * @param key     what makes the request unique: its name and a hash of its content
 */
public record Request(String file, String command, Path config, String runId, List<String> sets, String key) {
    public Request {
        sets = List.copyOf(sets);
    }
}
