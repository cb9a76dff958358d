package migratedb.sink.sqlserver;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * mssql-jdbc's native library for Windows authentication on Windows ({@code authenticationScheme=
 * NativeAuthentication}): {@code mssql-jdbc_auth-<driver version>.<arch>.dll}, loaded from {@code java.library.path}.
 * MigrateDB does not ship it; run.bat puts a {@code lib\} folder holding it on the library path, and
 * {@code ./run.sh test} says whether it is found.
 */
public final class NativeAuthLibrary {
    /** The words of the driver's R_notConfiguredForIntegrated message, the failure when the library is missing. */
    static final String DRIVER_MESSAGE = "This driver is not configured for integrated authentication";

    private NativeAuthLibrary() {
    }

    /** The library's name as the driver loads it, without ".dll" (e.g. mssql-jdbc_auth-13.6.2.x64). */
    public static String name() {
        try {
            var field = SQLServerDriver.class.getDeclaredField("AUTH_DLL_NAME");
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "mssql-jdbc_auth-" + driverVersion() + ".x64"; // the driver's rule: its version, the JVM's arch
        }
    }

    /** The driver's version as the library's name and the Maven artifact carry it (e.g. 13.6.2). */
    public static String version() {
        var m = java.util.regex.Pattern.compile("mssql-jdbc_auth-(\\d+\\.\\d+\\.\\d+)\\..*").matcher(name());
        return m.matches() ? m.group(1) : driverVersion();
    }

    /** major.minor.patch from the driver's version class (its fields are not public). */
    private static String driverVersion() {
        try {
            Class<?> v = Class.forName("com.microsoft.sqlserver.jdbc.SQLJdbcVersion");
            StringBuilder sb = new StringBuilder();
            for (String part : new String[]{"MAJOR", "MINOR", "PATCH"}) {
                var f = v.getDeclaredField(part);
                f.setAccessible(true);
                sb.append(sb.isEmpty() ? "" : ".").append(f.getInt(null));
            }
            return sb.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            SQLServerDriver d = new SQLServerDriver();
            return d.getMajorVersion() + "." + d.getMinorVersion();
        }
    }

    /** True when this connection URL asks the driver for the native library. */
    public static boolean usedBy(String url) {
        return url.toLowerCase(java.util.Locale.ROOT).contains("authenticationscheme=nativeauthentication");
    }

    /** The folder of a library path ({@code java.library.path}) that holds the library, if one does. */
    public static Optional<Path> find(String libraryPath) {
        String file = name() + ".dll";
        return Arrays.stream(libraryPath == null ? new String[0] : libraryPath.split(File.pathSeparator))
                .filter(p -> !p.isBlank())
                .map(p -> Path.of(p.strip().replace("\"", "")))
                .filter(dir -> Files.isRegularFile(dir.resolve(file)))
                .findFirst();
    }

    /** One line for './run.sh test': whether the library is on this JVM's library path, and where. */
    public static String status(String libraryPath) {
        return find(libraryPath).map(dir -> "native library " + name() + ".dll found in " + dir)
                .orElse("native library " + name() + ".dll NOT found on java.library.path (put it into lib\\ beside "
                        + "run.bat; see TARGET_NATIVE_AUTH_LIBRARY_MISSING in docs/troubleshooting.md)");
    }
}
