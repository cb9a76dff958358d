package migratedb.source.postgres.bundled;

import migratedb.troubleshoot.MigrationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user the bundled PostgreSQL runs as: always the owner of its data directory, never root. When MigrateDB
 * runs as that owner, programs run directly; when it runs as root, they run through {@code setpriv} (util-linux,
 * no PAM session, no password) or, failing that, {@code runuser}.
 *
 * @param name          the owner's user name (its uid as text when the passwd database has no entry)
 * @param uid           the owner's uid
 * @param commandPrefix what to put before a command to run it as the owner; empty when we already are
 */
record ServerUser(String name, int uid, List<String> commandPrefix) {

    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));
    private static final List<Path> RUNUSER = List.of(Path.of("/usr/sbin/runuser"), Path.of("/sbin/runuser"));

    static ServerUser forDataDirectory(Path dataDir) {
        int ownerUid = uidOf(dataDir);
        int ourUid = uidOf(Path.of("/proc/self"));
        String ownerName = ownerName(dataDir);
        Map<String, Object> details = Map.of("dataDir", dataDir, "owner", ownerName, "currentUser", currentUserName());
        if (ownerUid == 0) {
            throw new MigrationException(BundledTrouble.BUNDLED_RUN_AS_OWNER_IMPOSSIBLE,
                    with(details, "the data directory is owned by root, and PostgreSQL never runs as root."));
        }
        if (ownerUid == ourUid) {
            return new ServerUser(ownerName, ownerUid, List.of());
        }
        if (ourUid != 0) {
            throw new MigrationException(BundledTrouble.BUNDLED_RUN_AS_OWNER_IMPOSSIBLE,
                    with(details, "MigrateDB runs as another user and is not root, so it cannot switch to the owner."));
        }
        int ownerGid = gidOf(dataDir);
        boolean hasPasswdEntry = !ownerName.equals(Integer.toString(ownerUid));
        for (Path setpriv : SETPRIV) {
            if (Files.isExecutable(setpriv)) {
                List<String> prefix = new ArrayList<>(List.of(setpriv.toString(),
                        "--reuid=" + ownerUid, "--regid=" + ownerGid,
                        // Supplementary groups matter (e.g. ssl-cert for a server key); without a passwd entry there are none.
                        hasPasswdEntry ? "--init-groups" : "--clear-groups", "--"));
                return new ServerUser(ownerName, ownerUid, List.copyOf(prefix));
            }
        }
        if (hasPasswdEntry) {
            for (Path runuser : RUNUSER) {
                if (Files.isExecutable(runuser)) {
                    return new ServerUser(ownerName, ownerUid, List.of(runuser.toString(), "-u", ownerName, "--"));
                }
            }
        }
        throw new MigrationException(BundledTrouble.BUNDLED_RUN_AS_OWNER_IMPOSSIBLE,
                with(details, "neither setpriv nor runuser (package util-linux) is installed" + (hasPasswdEntry ? "." : ", or the owner has no user account.")));
    }

    /** The command, run as the owner. */
    List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(commandPrefix);
        full.addAll(command);
        return full;
    }

    boolean switchesUser() {
        return !commandPrefix.isEmpty();
    }

    /** Hands a folder or file we created to the owner, so the server can write into it. */
    void own(Path path) throws IOException {
        if (switchesUser()) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static Map<String, Object> with(Map<String, Object> details, String reason) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(details);
        all.put("reason", reason);
        return all;
    }

    private static int uidOf(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the owner of " + path, e);
        }
    }

    private static int gidOf(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:gid");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the group of " + path, e);
        }
    }

    private static String ownerName(Path path) {
        try {
            UserPrincipal owner = Files.getFileAttributeView(path, PosixFileAttributeView.class).getOwner();
            return owner.getName();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the owner of " + path, e);
        }
    }

    private static String currentUserName() {
        return ownerName(Path.of("/proc/self"));
    }
}
