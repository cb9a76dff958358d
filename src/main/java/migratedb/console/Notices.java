package migratedb.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Texts shown once and nowhere else: a generated master key password. Kept in memory only, handed to the page on
 * request until the administrator confirms "I have written it down", then forgotten. Never in a log or a status.
 */
final class Notices {
    /** A notice as the page shows it. */
    record Notice(String id, String text) {
    }

    private final Map<String, String> pending = new LinkedHashMap<>();

    synchronized String add(String text) {
        String id = UUID.randomUUID().toString();
        pending.put(id, text);
        return id;
    }

    synchronized List<Notice> pending() {
        List<Notice> out = new ArrayList<>();
        pending.forEach((id, text) -> out.add(new Notice(id, text)));
        return out;
    }

    /** How many wait, for the status (which never carries the texts). */
    synchronized int count() {
        return pending.size();
    }

    /** "I have written it down": the text is forgotten. */
    synchronized boolean acknowledge(String id) {
        return pending.remove(id) != null;
    }
}
