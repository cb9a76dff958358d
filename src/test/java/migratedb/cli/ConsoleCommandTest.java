package migratedb.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ./run.sh console} as an administrator starts it, in a JVM of its own: it prints the address with this start's
 * token, listens on 127.0.0.1 and nowhere else, answers with the token, tries to open the browser when run.bat asks
 * (here there is no desktop, and it says so), and SIGTERM (or Ctrl-C) ends it cleanly.
 */
class ConsoleCommandTest {
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=([A-Za-z0-9_-]{20,})");

    @TempDir
    Path dir;

    @Test
    void printsItsTokenAddressServesOnLoopbackOnlyAndEndsOnSigterm() throws Exception {
        Path config = dir.resolve("database_params.conf");
        Files.writeString(config, "target.user=sa\n");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.awt.headless=true", "-Dmigratedb.home=" + dir,
                "-D" + ConsoleCommand.OPEN_PROPERTY + "=true", "-cp", System.getProperty("java.class.path"),
                "migratedb.cli.MigrateDbCli", "console", "--port", "0", "--config", config.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                }
            } catch (java.io.IOException ended) {
                // the process ended
            }
        });
        reader.start();
        try {
            Matcher url = awaitUrl(p, out);
            int port = Integer.parseInt(url.group(1));
            String token = url.group(2);
            awaitLine(p, out, "No desktop browser can be opened");
            assertTrue(String.join("\n", out).contains("ssh -L " + port + ":127.0.0.1:" + port), "the tunnel");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/status")).header("X-MigrateDB-Token", token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            assertTrue(status.body().contains("\"state\":\"idle\""), status.body());
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/status")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            Optional<InetAddress> lan = nonLoopbackAddress();
            if (lan.isPresent()) {
                try (Socket s = new Socket()) {
                    assertThrows(java.io.IOException.class, () -> s.connect(new InetSocketAddress(lan.get(), port),
                            5_000), "nothing listens on " + lan.get().getHostAddress() + ":" + port);
                }
            }

            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join("\n", out));
            reader.join(10_000);
            assertEquals(0, p.exitValue(), String.join("\n", out));
            assertTrue(String.join("\n", out).contains("Stopping the console after SIGTERM"), String.join("\n", out));
        } finally {
            p.destroyForcibly();
        }
    }

    private static Matcher awaitUrl(Process p, List<String> out) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            synchronized (out) {
                for (String line : out) {
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no address printed:\n" + String.join("\n", out));
    }

    private static void awaitLine(Process p, List<String> out, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            if (String.join("\n", out).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("'" + text + "' not printed:\n" + String.join("\n", out));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
