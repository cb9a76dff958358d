package migratedb.ops.tablefile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text encoding of a delimited file, as Excel's "Save as" leaves it: a byte-order mark names UTF-8 ("CSV
 * UTF-8") or UTF-16 ("Unicode Text", little-endian); without one, the file is UTF-8 when all of its bytes are valid
 * UTF-8, and otherwise Windows-1252 (what "CSV" and "Text (Tab delimited)" write with a Western European or
 * American Windows; other ANSI code pages are not guessed).
 *
 * @param bomBytes  the length of the byte-order mark to skip
 * @param fallback  true when the encoding was chosen because the bytes are not UTF-8
 */
record TextEncoding(Charset charset, int bomBytes, String description, boolean fallback) {
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    static TextEncoding detect(Path file) throws IOException {
        byte[] b = new byte[3];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(b, 0, 3);
        }
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return new TextEncoding(StandardCharsets.UTF_8, 3, "UTF-8 with byte-order mark", false);
        }
        if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return new TextEncoding(StandardCharsets.UTF_16LE, 2, "UTF-16LE with byte-order mark (Unicode Text)",
                    false);
        }
        if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return new TextEncoding(StandardCharsets.UTF_16BE, 2, "UTF-16BE with byte-order mark", false);
        }
        if (isUtf8(file)) {
            return new TextEncoding(StandardCharsets.UTF_8, 0, "UTF-8", false);
        }
        return new TextEncoding(WINDOWS_1252, 0, "Windows-1252", true);
    }

    /** Reads the whole file once, refusing the first byte sequence that is not UTF-8. */
    private static boolean isUtf8(Path file) throws IOException {
        char[] buffer = new char[1 << 14];
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            while (r.read(buffer) >= 0) {
                // decoding is the check
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Stands for a byte sequence the encoding does not define. A decoder that throws would throw when it fills its
     * buffer, records ahead of the one being parsed; the mark lets the parser name the record it is in. U+FFFF is
     * a noncharacter, never part of a table's text (an XLSX cell cannot even hold it).
     */
    static final char INVALID = '\uFFFF';

    /**
     * The file's text after the byte-order mark (and after a second one, which a tool that adds a mark to a file
     * that had one leaves); a byte sequence the encoding does not define reads as {@link #INVALID}.
     */
    BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        BufferedReader r;
        try {
            in.skipNBytes(bomBytes);
            r = new BufferedReader(new InputStreamReader(in, charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith(String.valueOf(INVALID))), 1 << 16);
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return r;
    }
}
