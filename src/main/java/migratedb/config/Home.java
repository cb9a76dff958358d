package migratedb.config;

import java.nio.file.Path;

/**
 * The MigrateDB folder: relative paths (conf/, logs/, reports/, work/) are resolved from it. run.sh and run.bat
 * set it to their own folder with -Dmigratedb.home, so MigrateDB works from any current directory.
 */
public final class Home {
    private Home() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("migratedb.home", ".")).toAbsolutePath().normalize();
    }

    public static Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : dir().resolve(p).normalize();
    }

    /** logs/ holds migration.log (route log, rotated by logback) and troubleshooting.log. */
    public static Path logs() {
        return dir().resolve("logs");
    }
}
