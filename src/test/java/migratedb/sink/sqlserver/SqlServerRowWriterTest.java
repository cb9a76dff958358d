package migratedb.sink.sqlserver;

import migratedb.model.Column;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.sink.BatchWriter;
import migratedb.sink.KeyNames;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The single-row writer of a chunk whose transaction SQL Server ended on a refused row: golden T-SQL and the
 * values the driver is given, recorded from a stand-in connection.
 */
class SqlServerRowWriterTest {
    private final SqlServerDialect dialect = new SqlServerDialect(new SqlServerKeyManagement(
            new KeyNames("PassTrix", "", "")));
    private final List<String> sent = new ArrayList<>();

    @Test
    void insertsRowByRowWithIdentityInsertAskedOfTheTableAndDatesAsIsoText() throws SQLException {
        BatchWriter writer = dialect.openRowWriter(recording(), accounts());
        writer.write(List.<Object[]>of(new Object[]{7L, LocalDateTime.of(1, 1, 1, 0, 0), new byte[]{1}},
                new Object[]{8L, null, new byte[]{2}}));
        writer.close();

        assertEquals(List.of(
                "IF OBJECTPROPERTY(OBJECT_ID(N'[dbo].[accounts]'), N'TableHasIdentity') = 1 "
                        + "SET IDENTITY_INSERT [dbo].[accounts] ON",
                "prepare INSERT INTO [dbo].[accounts] ([id], [created], [password]) VALUES (?, ?, "
                        + dialect.keys().encryptExpression("?", ValueKind.BYTES) + ")",
                "set 1 = 7", "set 2 = 0001-01-01T00:00:00.0000000", "set 3 = [B", "addBatch",
                "set 1 = 8", "null 2", "set 3 = [B", "addBatch", "executeBatch",
                "IF OBJECTPROPERTY(OBJECT_ID(N'[dbo].[accounts]'), N'TableHasIdentity') = 1 "
                        + "SET IDENTITY_INSERT [dbo].[accounts] OFF"), sent);
    }

    private static TargetTable accounts() {
        Column id = new Column("id", 1, "bigint", "int8", Column.TypeKind.BASE, null, null, null, false,
                "nextval('accounts_id_seq'::regclass)", Column.Identity.SERIAL, null);
        Column created = new Column("created", 2, "timestamp without time zone", "timestamp", Column.TypeKind.BASE,
                null, null, 6, true, null, Column.Identity.NONE, null);
        Column password = new Column("password", 3, "bytea", "bytea", Column.TypeKind.BASE, null, null, null, false,
                null, Column.Identity.NONE, null);
        Table t = new Table("public", "accounts", List.of(id, created, password), new Key("accounts_pkey",
                List.of("id")), List.of(), List.of(), List.of(), List.of(), 0, 0, null);
        return new TargetTable(t, "dbo", "accounts", List.of(
                new TargetColumn(id, "id", "BIGINT", ValueKind.INT64, false, null, false),
                new TargetColumn(created, "created", "DATETIME2(6)", ValueKind.TIMESTAMP, false, null, false),
                new TargetColumn(password, "password", "VARBINARY(MAX)", ValueKind.BYTES, false, null, true)));
    }

    /** Records every statement and bound value, as text, in order. */
    private Connection recording() {
        PreparedStatement insert = proxy(PreparedStatement.class, (m, args) -> {
            switch (m) {
                case "setObject" -> sent.add("set " + args[0] + " = " + (args[1] instanceof byte[] ? "[B" : args[1]));
                case "setNull" -> sent.add("null " + args[0]);
                case "addBatch", "executeBatch" -> sent.add(m);
                default -> {
                }
            }
            return m.equals("executeBatch") ? new int[0] : null;
        });
        Statement st = proxy(Statement.class, (m, args) -> {
            if (m.equals("execute")) {
                sent.add((String) args[0]);
                return false;
            }
            return null;
        });
        return proxy(Connection.class, (m, args) -> switch (m) {
            case "createStatement" -> st;
            case "prepareStatement" -> {
                sent.add("prepare " + args[0]);
                yield insert;
            }
            default -> null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(SqlServerRowWriterTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }
}
