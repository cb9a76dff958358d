package migratedb.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain HTTP/1.1 over a socket, so a test sets every header itself (java.net.http refuses to send another Host) and
 * sees every header the console answers with.
 */
final class ConsoleHttp {
    /** An answer: status, headers (names lower case; repeated ones joined by a line break), body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Everything the console sent back, for "no secret anywhere" checks. */
        String all() {
            return status + "\n" + headers + "\n" + text();
        }
    }

    private final int port;

    ConsoleHttp(int port) {
        this.port = port;
    }

    Response get(String path, String... headers) throws IOException {
        return send("GET", path, null, null, headers);
    }

    Response postJson(String path, String json, String... headers) throws IOException {
        return send("POST", path, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                headers);
    }

    /**
     * One request; {@code headers} are name/value pairs. Host is 127.0.0.1:port unless a pair names another.
     */
    Response send(String method, String path, String contentType, byte[] body, String... headers) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        h.put("Connection", "close");
        if (body != null) {
            h.put("Content-Type", contentType);
            h.put("Content-Length", Integer.toString(body.length));
        } else if (!method.equals("GET")) {
            h.put("Content-Length", "0");
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(600_000);
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                    (a, b) -> a + "\n" + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            in.transferTo(body);
        }
        return new Response(code, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static List<String> pairs(String... kv) {
        return List.of(kv);
    }
}
