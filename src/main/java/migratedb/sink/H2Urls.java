package migratedb.sink;

import java.util.Locale;

/**
 * Completes an H2 URL for the SQL Server stand-in: a plain {@code jdbc:h2:file:PATH;MODE=MSSQLServer} works as
 * given, and MigrateDB adds what H2 needs to behave like SQL Server's defaults (case-insensitive names, a dbo
 * schema) unless the URL already says otherwise.
 */
final class H2Urls {
    private H2Urls() {
    }

    static String complete(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(url);
        if (!upper.contains(";MODE=")) {
            sb.append(";MODE=MSSQLServer");
        }
        if (!upper.contains("DATABASE_TO_UPPER=")) {
            sb.append(";DATABASE_TO_UPPER=FALSE");
        }
        if (!upper.contains("CASE_INSENSITIVE_IDENTIFIERS=")) {
            sb.append(";CASE_INSENSITIVE_IDENTIFIERS=TRUE");
        }
        if (!upper.contains(";INIT=")) {
            sb.append(";INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;SET SCHEMA dbo");
        }
        return sb.toString();
    }
}
