package migratedb.sink;

import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;

import java.sql.SQLDataException;
import java.util.List;

/**
 * Refuses, before the target sees them, clear values of protected columns that are too long to encrypt: SQL
 * Server's ENCRYPTBYKEY would store NULL for them without an error. The refusal is a data error, so the copy
 * engine isolates the row into the reject file like any row the target refuses.
 */
public final class ProtectedValues {
    private final int[] positions;
    private final List<TargetColumn> columns;
    private final KeyManagement keys;

    public ProtectedValues(TargetTable table, KeyManagement keys) {
        this.columns = table.columns();
        this.keys = keys;
        this.positions = java.util.stream.IntStream.range(0, columns.size())
                .filter(i -> columns.get(i).protectedColumn()).toArray();
    }

    public void check(List<Object[]> rows) throws SQLDataException {
        if (positions.length == 0) {
            return;
        }
        int max = keys.maxPlaintextBytes();
        for (Object[] row : rows) {
            for (int i : positions) {
                int bytes = KeyManagement.plaintextBytes(row[i], columns.get(i).valueKind());
                if (bytes > max) {
                    throw new SQLDataException("value of protected column " + columns.get(i).name() + " is " + bytes
                            + " bytes; at most " + max + " can be encrypted", "22001");
                }
            }
        }
    }
}
