package migratedb.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Owner-only files: the key file and conf/database_params.conf; owner-only folders and files for what holds
 * personal data: reports (assessment samples show key values such as user logins), the diagnostics zip, exports.
 *
 * <ul>
 *   <li>POSIX file systems (Linux, macOS): mode 0600, set when the file is created (no window where it is
 *   readable), and checked when it is read.</li>
 *   <li>File systems with ACLs but no POSIX modes (NTFS on Windows): the ACL is replaced by one entry that gives the
 *   owner full control; inherited entries are dropped. Whether others can read is not checked on read (Windows ACL
 *   evaluation involves groups we cannot resolve reliably), and {@link Protection} says so.</li>
 *   <li>Anything else (FAT, some network shares): we can only ask java.io.File to drop read access for others;
 *   {@link Protection} says that the file may still be readable.</li>
 * </ul>
 */
public final class FilePermissions {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private FilePermissions() {
    }

    /** How a file is protected, for the set-up to print. */
    public record Protection(Level level, String description) {
        public enum Level { POSIX_OWNER_ONLY, ACL_OWNER_ONLY, BEST_EFFORT }
    }

    /** Creates a new file (fails if it exists) readable by its owner only, and writes the content. */
    public static Protection createOwnerOnly(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (isPosix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Protection protection = restrict(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            out.write(content);
            out.flush();
            channel.force(true);
        }
        return protection;
    }

    /**
     * Writes (or replaces) a file so that it is owner-only from its first byte: the content goes to a new owner-only
     * file beside it, which then replaces the target.
     */
    public static Protection writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try {
            Protection protection = createOwnerOnly(temp, content);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            return protection;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** True when the file's POSIX mode lets group or others read it. False when the file system has no POSIX modes. */
    public static boolean isReadableByOthers(Path file) {
        if (!isPosix(file)) {
            return false;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException e) {
            return false;
        }
    }

    /** The command that makes the file owner-only, for error texts. */
    public static String fixCommand(Path file) {
        String path = file.toAbsolutePath().toString();
        if (isPosix(file)) {
            return "chmod 600 '" + path.replace("'", "'\\''") + "'";
        }
        return "icacls \"" + path + "\" /inheritance:r /grant:r \"%USERNAME%:F\"";
    }

    /** Describes how the existing file is protected. */
    public static Protection describe(Path file) {
        if (isPosix(file)) {
            return new Protection(Protection.Level.POSIX_OWNER_ONLY,
                    file + " is readable by its owner only (mode 0600).");
        }
        if (Files.getFileAttributeView(file, AclFileAttributeView.class) != null) {
            return new Protection(Protection.Level.ACL_OWNER_ONLY, file
                    + " has an access list that grants its owner alone; MigrateDB cannot verify it later, keep the conf folder private.");
        }
        return new Protection(Protection.Level.BEST_EFFORT, file
                + " is on a file system without POSIX permissions or access lists: MigrateDB could not restrict who reads it. Move the installation to a local NTFS or POSIX file system.");
    }

    /**
     * Makes an existing file (mode 0600) or folder (0700) its owner's alone, or its access list the owner's alone;
     * for files other programs write (pg_dump) and folders that will hold personal data.
     */
    public static void restrictToOwner(Path path) throws IOException {
        if (isPosix(path) && Files.isDirectory(path)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            return;
        }
        restrict(path);
    }

    /**
     * Creates a folder (with its parents) that will hold personal data — reports with sample values, exports —
     * and makes it its owner's alone; an existing folder is restricted too.
     */
    public static Path ownerOnlyFolder(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrictToOwner(dir);
        return dir;
    }

    /**
     * Creates (or replaces) an empty file that only its owner can read, for a writer that streams into it
     * afterwards (the diagnostics zip): it is never readable by others, not even while it is written.
     */
    public static Path emptyOwnerOnlyFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        createOwnerOnly(file, new byte[0]);
        return file;
    }

    private static Protection restrict(Path file) throws IOException {
        if (isPosix(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY); // in case the file system ignored the create attribute
            return describe(file);
        }
        AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (acl != null) {
            UserPrincipal owner = Files.getOwner(file);
            AclEntry ownerOnly = AclEntry.newBuilder()
                    .setType(AclEntryType.ALLOW)
                    .setPrincipal(owner)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                    .build();
            acl.setAcl(List.of(ownerOnly));
            return describe(file);
        }
        java.io.File f = file.toFile();
        boolean ok = f.setReadable(false, false) & f.setReadable(true, true)
                & f.setWritable(false, false) & f.setWritable(true, true);
        return new Protection(Protection.Level.BEST_EFFORT, describe(file).description()
                + (ok ? "" : " (even the basic read-only flags could not be set)"));
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
