package migratedb.troubleshoot;

/** The four texts of a catalogue entry, in the product document's order. May hold {placeholders}. */
public record TroubleText(String error, String cause, String effect, String solution) {
}
