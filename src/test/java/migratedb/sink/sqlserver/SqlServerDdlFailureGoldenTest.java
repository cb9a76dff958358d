package migratedb.sink.sqlserver;

import migratedb.sink.DdlFailure;
import migratedb.sink.DdlFailure.Kind;
import migratedb.sink.KeyNames;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A refused DDL statement is classified by SQL Server's error number, as mssql-jdbc reports it: the first error of
 * the batch is the exception, the ones after it (1750 "See previous errors.") are its next exceptions. The messages
 * are SQL Server's own texts (sys.messages) with their arguments filled in as the server fills them.
 */
class SqlServerDdlFailureGoldenTest {
    private final SqlServerDialect dialect = new SqlServerDialect(new SqlServerKeyManagement(
            new KeyNames("PassTrix", "", "")));

    private static SQLException error(int number, String message, SQLException... next) {
        SQLException e = new SQLException(message, "S0001", number);
        for (SQLException n : next) {
            e.setNextException(n);
        }
        return e;
    }

    private static final SQLException SEE_PREVIOUS = error(1750,
            "Could not create constraint or index. See previous errors.");

    @Test
    void aDuplicateKeyWhileBuildingAUniqueIndexNamesTheValuesSqlServerNames() {
        DdlFailure f = dialect.classifyDdlFailure(error(1505, "The CREATE UNIQUE INDEX statement terminated because a "
                + "duplicate key was found for the object name 'dbo.users' and the index name 'users_login_key'. The "
                + "duplicate key value is (alice).", SEE_PREVIOUS));

        assertEquals(new DdlFailure(Kind.DUPLICATE_KEY, "(alice)"), f);
    }

    @Test
    void aDuplicateKeyOnInsertIsTheSameClass() {
        assertEquals(new DdlFailure(Kind.DUPLICATE_KEY, "(Bob, 7)"), dialect.classifyDdlFailure(error(2627,
                "Violation of UNIQUE KEY constraint 'users_login_key'. Cannot insert duplicate key in object "
                        + "'dbo.users'. The duplicate key value is (Bob, 7).")));
        assertEquals(Kind.DUPLICATE_KEY, dialect.classifyDdlFailure(error(2601, "Cannot insert duplicate key row in "
                + "object 'dbo.users' with unique index 'users_code_idx'. The duplicate key value is (x).")).kind());
    }

    @Test
    void existingRowsThatBreakAForeignKeyOrCheckAreAConstraintConflict() {
        DdlFailure f = dialect.classifyDdlFailure(error(547, "The ALTER TABLE statement conflicted with the FOREIGN KEY "
                + "constraint \"grants_login_fkey\". The conflict occurred in database \"PassTrix\", table "
                + "\"dbo.users\", column 'login'."));

        assertEquals(new DdlFailure(Kind.CONSTRAINT_CONFLICT, "FOREIGN KEY constraint \"grants_login_fkey\". The "
                + "conflict occurred in database \"PassTrix\", table \"dbo.users\", column 'login'."), f);
    }

    @Test
    void aCascadeCycleOrSecondPathIsItsOwnClass() {
        assertEquals(Kind.CASCADE_PATHS, dialect.classifyDdlFailure(error(1785, "Introducing FOREIGN KEY constraint "
                + "'messages_sender_id_fkey' on table 'messages' may cause cycles or multiple cascade paths. Specify ON "
                + "DELETE NO ACTION or ON UPDATE NO ACTION, or modify other FOREIGN KEY constraints.", SEE_PREVIOUS))
                .kind());
    }

    @Test
    void anObjectThatExistsAlready() {
        assertEquals(Kind.ALREADY_EXISTS, dialect.classifyDdlFailure(error(2714,
                "There is already an object named 'users_login_key' in the database.", SEE_PREVIOUS)).kind());
        assertEquals(Kind.ALREADY_EXISTS, dialect.classifyDdlFailure(error(1913, "The operation failed because an "
                + "index or statistics with name 'users_code_idx' already exists on table 'dbo.users'.")).kind());
        assertEquals(Kind.ALREADY_EXISTS, dialect.classifyDdlFailure(error(15233, "Property cannot be added. Property "
                + "'MS_Description' already exists for 'dbo.users'.")).kind());
    }

    @Test
    void onlyAPermissionErrorIsAPermissionProblem() {
        assertEquals(Kind.PERMISSION_DENIED, dialect.classifyDdlFailure(error(262,
                "CREATE TABLE permission denied in database 'PassTrix'.")).kind());
        assertEquals(Kind.PERMISSION_DENIED, dialect.classifyDdlFailure(error(297,
                "The user does not have permission to perform this action.")).kind());
        assertEquals(Kind.PERMISSION_DENIED, dialect.classifyDdlFailure(error(229,
                "The ALTER permission was denied on the object 'users', database 'PassTrix', schema 'dbo'.")).kind());
        assertEquals(Kind.PERMISSION_DENIED, dialect.classifyDdlFailure(error(230,
                "The REFERENCES permission was denied on the column 'login' of the object 'users', database "
                        + "'PassTrix', schema 'dbo'.")).kind());
    }

    @Test
    void anythingElseFallsBackAndAFollowUpErrorAloneMeansNothing() {
        assertEquals(Kind.OTHER, dialect.classifyDdlFailure(error(1919, "Column 'notes' in table 'dbo.users' is of a "
                + "type that is invalid for use as a key column in an index.", SEE_PREVIOUS)).kind());
        assertEquals(Kind.OTHER, dialect.classifyDdlFailure(SEE_PREVIOUS).kind());
    }

    @Test
    void theErrorIsFoundBehindTheStatementThatWrapsIt() {
        SQLException wrapped = new SQLException("statement failed", "S0001", 0, error(1505, "The CREATE UNIQUE INDEX "
                + "statement terminated because a duplicate key was found for the object name 'dbo.t' and the index "
                + "name 'k'. The duplicate key value is (a).", SEE_PREVIOUS));

        assertEquals(new DdlFailure(Kind.DUPLICATE_KEY, "(a)"), dialect.classifyDdlFailure(wrapped));
    }
}
