package migratedb.console;

import java.util.Map;

/**
 * The Setup form as the page sends it: values by setting key, typed passwords by setting key (empty or absent: keep
 * the stored one), and whether a target.url in the file is kept. Never echoed back.
 */
record SetupRequest(Map<String, String> values, Map<String, String> passwords, Boolean keepTargetUrl) {
    @Override
    public String toString() {
        return "SetupRequest" + (values == null ? "{}" : values.keySet()) + " (passwords not shown)";
    }
}
