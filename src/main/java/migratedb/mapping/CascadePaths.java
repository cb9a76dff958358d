package migratedb.mapping;

import migratedb.model.ForeignKey;
import migratedb.model.TargetTable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL Server refuses a foreign key whose cascading action (CASCADE, SET NULL, SET DEFAULT) would make a cycle or a
 * second cascade path between two tables (error 1785) — PostgreSQL allows both, e.g. two keys of one table that both
 * cascade from {@code users}. This replays the foreign keys in creation order, separately for DELETE and UPDATE
 * actions, and names every key SQL Server would refuse, with the path it conflicts with.
 */
public final class CascadePaths {

    /** A key SQL Server would refuse: "schema.table.fk" and why. */
    public record Conflict(String table, String foreignKey, String referencedTable, String reason) {
        public String id() {
            return table + "." + foreignKey;
        }
    }

    private CascadePaths() {
    }

    public static List<Conflict> conflicts(List<TargetTable> tables) {
        Set<String> migrated = new HashSet<>();
        tables.forEach(t -> migrated.add(t.sourceName()));
        Map<String, Conflict> out = new LinkedHashMap<>();
        Graph delete = new Graph();
        Graph update = new Graph();
        for (TargetTable t : tables) {
            for (ForeignKey fk : t.source().foreignKeys()) {
                if (!migrated.contains(fk.referencedQualifiedName())) {
                    continue;
                }
                String parent = fk.referencedQualifiedName();
                String child = t.sourceName();
                String whyDelete = cascades(fk.onDelete()) ? delete.refusal(parent, child) : null;
                String whyUpdate = cascades(fk.onUpdate()) ? update.refusal(parent, child) : null;
                if (whyDelete != null || whyUpdate != null) {
                    String reason = whyDelete != null ? "ON DELETE " + fk.onDelete() + ": " + whyDelete
                            : "ON UPDATE " + fk.onUpdate() + ": " + whyUpdate;
                    Conflict c = new Conflict(child, fk.name(), parent, reason);
                    out.put(c.id(), c);
                    continue; // created with NO ACTION: adds no cascade edge
                }
                if (cascades(fk.onDelete())) {
                    delete.add(parent, child, fk.name());
                }
                if (cascades(fk.onUpdate())) {
                    update.add(parent, child, fk.name());
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static boolean cascades(String action) {
        return "CASCADE".equals(action) || "SET NULL".equals(action) || "SET DEFAULT".equals(action);
    }

    /** The cascade edges accepted so far: parent → children (with the key's name, for messages). */
    private static final class Graph {
        private final Map<String, List<String[]>> children = new HashMap<>();

        void add(String parent, String child, String fk) {
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(new String[]{child, fk});
        }

        /** Why adding parent → child would be refused, or null. */
        String refusal(String parent, String child) {
            if (parent.equals(child)) {
                return "a table whose key cascades to itself is a cycle for SQL Server";
            }
            if (reaches(child, parent)) {
                return "cascades from " + child + " already reach " + parent + ": this key would close a cycle";
            }
            Set<String> ancestors = ancestors(parent);
            ancestors.add(parent);
            Set<String> below = descendants(child);
            below.add(child);
            for (String a : ancestors) {
                for (String b : below) {
                    if (reaches(a, b)) {
                        return "cascades from " + a + " already reach " + b + "; this key would add a second "
                                + "cascade path (SQL Server error 1785)";
                    }
                }
            }
            return null;
        }

        private boolean reaches(String from, String to) {
            return descendants(from).contains(to);
        }

        private Set<String> descendants(String from) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(from));
            while (!todo.isEmpty()) {
                for (String[] edge : children.getOrDefault(todo.pop(), List.of())) {
                    if (seen.add(edge[0])) {
                        todo.push(edge[0]);
                    }
                }
            }
            return seen;
        }

        private Set<String> ancestors(String of) {
            Set<String> out = new HashSet<>();
            for (String p : children.keySet()) {
                if (reaches(p, of)) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
