package migratedb.assess;

import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.Column;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which tables and columns are named like they hold a password or a secret ({@code assess.credentialNames}), so the
 * assessment can refuse to copy them in plain text until the administrator decided: exclude the table, protect the
 * column, or declare that it holds no secret ({@code assess.notCredential}).
 *
 * <p>A name is split into words at {@code _ - . space}, at camelCase and between letters and digits
 * ({@code resetToken2} is {@code reset token 2}). An entry matches a word (a plural {@code s} is ignored); an entry
 * of two words ({@code private key}) matches them in a row or written as one ({@code privatekey}); {@code *word*}
 * also matches inside a word ({@code userpassword}); {@code !word} clears a name that holds it (a one-way hash is
 * not a secret). Columns count only when their values travel as text or bytes: a {@code password_changed_at}
 * timestamp holds no secret.</p>
 */
public final class CredentialNames {
    private final List<Entry> secrets;
    private final List<Entry> cleared;

    private CredentialNames(List<Entry> secrets, List<Entry> cleared) {
        this.secrets = secrets;
        this.cleared = cleared;
    }

    /** The rule of the setting {@code assess.credentialNames}: comma-separated entries. */
    public static CredentialNames parse(String setting) {
        List<Entry> secrets = new ArrayList<>();
        List<Entry> cleared = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            boolean clear = entry.startsWith("!");
            if (clear) {
                entry = entry.substring(1).strip();
            }
            boolean inside = entry.length() > 2 && entry.startsWith("*") && entry.endsWith("*");
            if (inside) {
                entry = entry.substring(1, entry.length() - 1);
            }
            List<String> words = words(entry);
            if (!words.isEmpty()) {
                (clear ? cleared : secrets).add(new Entry(words, inside));
            }
        }
        return new CredentialNames(List.copyOf(secrets), List.copyOf(cleared));
    }

    /** The entry a name matches, as written in the setting ("password", "private key"), or empty. */
    public Optional<String> match(String name) {
        List<String> words = words(name);
        if (cleared.stream().anyMatch(e -> e.matches(words))) {
            return Optional.empty();
        }
        return secrets.stream().filter(e -> e.matches(words)).map(Entry::text).findFirst();
    }

    /**
     * One table or column named like a secret that is neither excluded, nor protected, nor declared.
     *
     * @param table  schema.table
     * @param column the column, or null for the table itself
     * @param type   the column's PostgreSQL type, or null
     * @param word   the entry of assess.credentialNames its name matched
     */
    public record Candidate(String table, String column, String type, String word) {
        /** schema.table or schema.table.column: the form migration.protectedColumns and assess.notCredential take. */
        public String name() {
            return column == null ? table : table + "." + column;
        }
    }

    /**
     * The tables and text or binary columns named like secrets that the migration would copy in plain text.
     *
     * @param excluded  migration.excludedTables (never copied)
     * @param notCredential assess.notCredential: schema.table or schema.table.column declared to hold no secret
     */
    public List<Candidate> unprotected(Catalog catalog, SchemaPlan plan, Collection<String> excluded,
                                       Set<String> notCredential) {
        List<Candidate> out = new ArrayList<>();
        for (Table t : catalog.tables()) {
            String table = t.qualifiedName();
            if (excluded.contains(table)) {
                continue;
            }
            Optional<TargetTable> planned = plan.table(table);
            boolean anyProtected = planned.map(p -> p.columns().stream().anyMatch(TargetColumn::protectedColumn))
                    .orElse(false);
            Optional<String> tableWord = match(t.name());
            if (tableWord.isPresent() && !anyProtected && !notCredential.contains(table)) {
                out.add(new Candidate(table, null, null, tableWord.get()));
            }
            for (Column c : t.columns()) {
                Optional<TargetColumn> target = planned.flatMap(p -> p.column(c.name()));
                boolean textOrBytes = target.map(tc -> tc.valueKind() == ValueKind.STRING
                        || tc.valueKind() == ValueKind.BYTES).orElse(false);
                if (!textOrBytes || target.get().protectedColumn() || notCredential.contains(table + "." + c.name())) {
                    continue;
                }
                match(c.name()).ifPresent(w -> out.add(new Candidate(table, c.name(), c.sourceType(), w)));
            }
        }
        return out;
    }

    /** The words of a name: split at separators, camelCase and letter/digit changes; lower case. */
    static List<String> words(String name) {
        String spaced = name.replaceAll("([a-z])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .replaceAll("([A-Za-z])([0-9])", "$1 $2")
                .replaceAll("([0-9])([A-Za-z])", "$1 $2");
        List<String> out = new ArrayList<>();
        for (String w : spaced.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** One entry of the setting: its words, and whether it also matches inside a longer word. */
    private record Entry(List<String> words, boolean inside) {
        String text() {
            return String.join(" ", words);
        }

        boolean matches(List<String> name) {
            String joined = String.join("", words);
            for (int i = 0; i < name.size(); i++) {
                if (same(name.get(i), joined)) {
                    return true;
                }
                if (words.size() > 1 && i + words.size() <= name.size()) {
                    boolean all = true;
                    for (int k = 0; k < words.size() && all; k++) {
                        all = same(name.get(i + k), words.get(k));
                    }
                    if (all) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean same(String word, String entry) {
            if (word.equals(entry) || word.equals(entry + "s") || word.equals(entry + "es")) {
                return true;
            }
            return inside && word.contains(entry);
        }
    }
}
