package migratedb.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes the values of some keys in a properties file and leaves everything else as it is: the comments, the
 * order, the other keys. A key that is not in the file is added at its end with its comment from
 * {@link SettingKeys}. Used by the set-up for conf/migration.properties, which administrators edit by hand.
 */
public final class PropertiesFileEditor {
    private PropertiesFileEditor() {
    }

    /**
     * Sets the values in {@code file}; a missing file starts from its template ({@code template}).
     *
     * @return the keys whose value changed
     */
    public static List<String> set(Path file, String template, Map<String, String> values) throws IOException {
        List<String> lines = new ArrayList<>(Files.exists(file)
                ? Files.readAllLines(file, StandardCharsets.UTF_8) : template.lines().toList());
        Map<String, String> remaining = new LinkedHashMap<>(values);
        List<String> changed = new ArrayList<>();
        boolean inValue = false; // on a line that continues the value of the line before
        for (int i = 0; i < lines.size(); i++) {
            if (inValue) {
                inValue = continues(lines.get(i));
                continue;
            }
            String key = keyOf(lines.get(i));
            if (key == null) {
                continue; // comment lines never continue
            }
            inValue = continues(lines.get(i));
            if (!remaining.containsKey(key)) {
                continue;
            }
            inValue = false;
            int end = i;
            while (end < lines.size() - 1 && continues(lines.get(end))) {
                end++; // a value written over several lines ends with an odd number of backslashes
            }
            String line = key + "=" + SetupWizard.propertiesValue(remaining.remove(key));
            if (!(end == i && lines.get(i).equals(line))) {
                changed.add(key);
            }
            for (int k = end; k > i; k--) {
                lines.remove(k);
            }
            lines.set(i, line);
        }
        remaining.forEach((key, value) -> {
            lines.add("");
            lines.add("# " + SettingKeys.find(key).map(Setting::comment).orElse("Added by './run.sh setup'"));
            lines.add(key + "=" + SetupWizard.propertiesValue(value));
            changed.add(key);
        });
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.writeString(temp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        if (Files.exists(absolute) && absolute.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(absolute));
        }
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
        return changed;
    }

    private static final Pattern KEY = Pattern.compile("^\\s*([^#!\\s=:][^=:\\s]*)\\s*[=:\\s].*$|^\\s*([^#!\\s=:][^=:\\s]*)\\s*$");

    /** The key a line sets, or null for comments, blank lines and continuation lines' content. */
    private static String keyOf(String line) {
        var m = KEY.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
