package migratedb.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.config.Home;
import migratedb.config.SecretCipher;
import migratedb.config.Settings;
import migratedb.lifecycle.RunInterrupted;
import migratedb.pipeline.MigrationRun;
import migratedb.report.MigrationReport;
import migratedb.report.TableResult;
import migratedb.sink.TargetConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The console's HTTP API without a browser: who may call it (token, Origin, Host), what it answers (202, 409, 400),
 * that a Cancel reaches the run, that a run of another process is named, and that no response carries a secret. The
 * runs here are stand-ins that wait for their stop request; the real pipeline runs in ConsoleMigrationTest.
 */
class WebConsoleApiTest {
    private static final String SOURCE_CANARY = "Canary-Console-Src-5d2e";
    private static final String TARGET_CANARY = "Canary-Console-Tgt-a7c9";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WebConsole console;
    private ConsoleHttp http;
    private String token;
    private final AtomicReference<MigrationRun> lastRun = new AtomicReference<>();
    private volatile CountDownLatch runStarted = new CountDownLatch(1);

    /** Stands in for the command line's run: starts, then waits for its stop request like a long copy. */
    private final RunLauncher waitingRun = (command, s, hooks) -> {
        MigrationRun run = new MigrationRun(command, s, null, TargetConnector.from(s), null, false);
        hooks.started(run);
        hooks.line("MigrateDB " + command.label() + ": a stand-in run that waits for Cancel");
        lastRun.set(run);
        runStarted.countDown();
        while (!run.stopRequest().requested()) {
            Thread.sleep(20);
        }
        throw new RunInterrupted(run.stopRequest().reason(), "the stand-in run", null);
    };

    /** What the console's Migrate and Resume run: the waiting stand-in unless a test says otherwise. */
    private volatile RunLauncher launcher = waitingRun;

    private Path config() {
        return dir.resolve("database_params.conf");
    }

    @BeforeEach
    void start() throws Exception {
        Files.writeString(config(), "target.url=jdbc:h2:file:" + dir.resolve("target")
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE\ntarget.user=sa\n"
                + "source.url=jdbc:postgresql://127.0.0.1:1/nowhere\nsource.user=postgres\n");
        Files.setPosixFilePermissions(config(), PosixFilePermissions.fromString("rw-------"));
        console = WebConsole.start(0, config(), dir.resolve("migration.properties"), Settings.keyFile(), Map.of(),
                (command, s, hooks) -> launcher.run(command, s, hooks));
        http = new ConsoleHttp(console.port());
        token = console.token();
    }

    @AfterEach
    void stop() throws Exception {
        console.stopRun("the test ends", 10_000);
        console.close();
    }

    private String[] auth(String... more) {
        String[] out = new String[more.length + 2];
        out[0] = ConsoleAccess.TOKEN_HEADER;
        out[1] = token;
        System.arraycopy(more, 0, out, 2, more.length);
        return out;
    }

    private JsonNode json(ConsoleHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void everyCallNeedsTheTokenOfThisStartInTheHeaderOrInTheCookieThePrintedAddressSets() throws Exception {
        assertEquals(401, http.get("/api/status").status());
        assertEquals(401, http.get("/").status(), "the page too");
        assertEquals(403, http.get("/api/status", ConsoleAccess.TOKEN_HEADER, token + "x").status());
        assertEquals(403, http.get("/?token=not-" + token).status());

        ConsoleHttp.Response ok = http.get("/api/status", auth());
        assertEquals(200, ok.status());
        assertEquals("idle", json(ok).get("state").asText(), "idle before any run in this console");
        assertFalse(ok.all().contains(token), "the token is never echoed: " + ok.headers());

        ConsoleHttp.Response opened = http.get("/?token=" + token);
        assertEquals(303, opened.status());
        assertEquals("/", opened.header("Location"), "the token leaves the address bar");
        String cookie = opened.header("Set-Cookie");
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        String pair = cookie.substring(0, cookie.indexOf(';'));
        ConsoleHttp.Response page = http.get("/", "Cookie", pair);
        assertEquals(200, page.status());
        assertTrue(page.text().contains("Migration set up"), "the page");
        assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals(200, http.get("/console.js", "Cookie", pair).status());
        assertEquals(200, http.get("/api/status", "Cookie", pair).status());
    }

    @Test
    void anotherSitesPageAndAnotherHostNameAreRefusedEvenWithTheToken() throws Exception {
        int port = console.port();
        assertEquals(403, http.get("/api/status", auth("Origin", "http://evil.example")).status());
        assertEquals(403, http.get("/api/status", auth("Origin", "http://127.0.0.1:" + (port + 1))).status());
        assertEquals(403, http.get("/api/status", auth("Origin", "null")).status());
        assertEquals(403, http.postJson("/api/cancel", "{}", auth("Origin", "https://127.0.0.1:" + port)).status());
        assertEquals(200, http.get("/api/status", auth("Origin", "http://127.0.0.1:" + port)).status());
        assertEquals(200, http.get("/api/status", auth("Origin", "http://localhost:" + port)).status());

        // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1
        ConsoleHttp.Response rebound = http.get("/api/status", auth("Host", "evil.example:" + port));
        assertEquals(403, rebound.status());
        assertTrue(json(rebound).get("error").asText().contains("127.0.0.1:" + port), rebound.text());
        assertEquals(403, http.get("/?token=" + token, "Host", "evil.example:" + port).status(),
                "no cookie for another host name");
        assertEquals(403, http.get("/api/status", auth("Host", "127.0.0.1")).status());
        assertEquals(200, http.get("/api/status", auth("Host", "localhost:" + port)).status());
    }

    @Test
    void migrateAnswers202OnceAndCancelStopsTheRunWhileTheConsoleKeepsServing() throws Exception {
        ConsoleHttp.Response started = http.postJson("/api/migrate", "{\"allow\":[]}", auth());
        assertEquals(202, started.status(), started.text());
        assertTrue(runStarted.await(30, TimeUnit.SECONDS));

        ConsoleHttp.Response again = http.postJson("/api/migrate", "{}", auth());
        assertEquals(409, again.status(), "one run at a time");
        assertEquals(409, http.postJson("/api/resume", null, auth()).status());
        JsonNode running = json(http.get("/api/status", auth()));
        assertEquals("running", running.get("state").asText());
        assertEquals(lastRun.get().runId(), running.get("runId").asText());
        assertTrue(running.get("log").toString().contains("a stand-in run"), running.toString());

        assertEquals(202, http.postJson("/api/cancel", null, auth()).status());
        assertEquals("the console's Cancel", lastRun.get().stopRequest().reason());
        JsonNode after = awaitState("interrupted");
        assertEquals("interrupted", after.get("result").get("status").asText());
        assertEquals(409, http.postJson("/api/cancel", null, auth()).status(), "nothing left to cancel");
        assertEquals(200, http.get("/api/setup", auth()).status(), "the console keeps serving");

        runStarted = new CountDownLatch(1);
        assertEquals(202, http.postJson("/api/resume", null, auth()).status(), "Resume is offered again");
        assertTrue(runStarted.await(30, TimeUnit.SECONDS));
    }

    @Test
    void aMigrationOfAnotherProcessOnTheSameTargetRefusesTheConsolesMigrateNamingIt() throws Exception {
        Settings s = Settings.load(config(), null, List.of(), Map.of());
        String target = TargetConnector.from(s).displayUrl();
        Path locks = Home.resolve("work/locks");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), locks.toString(), target,
                "20260101-000000-cli1").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertTrue(out.readLine().startsWith("held"), "the other process holds the lock");

            ConsoleHttp.Response refused = http.postJson("/api/migrate", "{}", auth());
            assertEquals(409, refused.status(), refused.text());
            JsonNode failure = json(refused).get("failure");
            assertEquals("RUN_IN_PROGRESS", failure.get("code").asText());
            assertTrue(failure.get("error").asText().contains("20260101-000000-cli1")
                    && failure.get("error").asText().contains(Long.toString(holder.pid())), failure.toString());
            assertEquals("idle", json(http.get("/api/status", auth())).get("state").asText(), "nothing started");
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(202, http.postJson("/api/migrate", "{}", auth()).status(), "free again");
    }

    @Test
    void passwordsSetThroughSetupAreStoredEncryptedAndNeverAppearInAnyResponseOrLog() throws Exception {
        String form = "{\"values\":{\"target.auth\":\"sql\",\"target.user\":\"sa\",\"target.encryption\":\"default\","
                + "\"source.url\":\"jdbc:postgresql://127.0.0.1:1/nowhere\",\"source.user\":\"postgres\"},"
                + "\"passwords\":{\"target.password\":\"" + TARGET_CANARY + "\",\"source.password\":\""
                + SOURCE_CANARY + "\"},\"keepTargetUrl\":true}";
        ConsoleHttp.Response saved = http.postJson("/api/setup", form, auth());
        assertEquals(200, saved.status(), saved.text());
        String file = Files.readString(config());
        assertTrue(file.contains("target.password=ENC("), file);
        assertFalse(file.contains(TARGET_CANARY) || file.contains(SOURCE_CANARY));
        assertEquals(TARGET_CANARY, Settings.load(config(), null, List.of(), Map.of()).get("target.password"));

        List<ConsoleHttp.Response> responses = new java.util.ArrayList<>(List.of(saved,
                http.get("/api/setup", auth()), http.postJson("/api/test", null, auth()),
                http.postJson("/api/assess", "{}", auth()), http.get("/api/status", auth()),
                http.get("/api/notices", auth())));
        JsonNode setup = json(responses.get(1));
        assertTrue(setup.get("storedPasswords").toString().contains("target.password"), "shown as stored only");
        assertEquals(202, http.postJson("/api/migrate", "{}", auth()).status());
        assertTrue(runStarted.await(30, TimeUnit.SECONDS));
        responses.add(http.postJson("/api/cancel", null, auth()));
        awaitState("interrupted");
        responses.add(http.get("/api/status?logAfter=0", auth()));
        responses.add(http.postJson("/api/setup", "{\"values\":{\"target.host\":\"bad:port:x\"},"
                + "\"passwords\":{\"source.password\":\"" + SOURCE_CANARY + "\"},\"keepTargetUrl\":false}", auth()));
        assertEquals(400, responses.get(responses.size() - 1).status());

        for (ConsoleHttp.Response r : responses) {
            for (String canary : List.of(SOURCE_CANARY, TARGET_CANARY)) {
                assertFalse(r.all().contains(canary), canary + " in a response: " + r.all());
            }
        }
        for (Path log : List.of(Home.logs().resolve("migration.log"), Home.logs().resolve("troubleshooting.log"))) {
            if (Files.exists(log)) {
                String text = Files.readString(log);
                assertFalse(text.contains(SOURCE_CANARY) || text.contains(TARGET_CANARY), log.toString());
            }
        }
        // the generated master key password is the one text shown once: it is stored encrypted, handed out on
        // request until "I have written it down", then forgotten
        JsonNode notices = json(http.get("/api/notices", auth())).get("notices");
        assertEquals(1, notices.size(), notices.toString());
        String masterKey = SecretCipher.load(Settings.keyFile(), "target.masterKeyPassword").decrypt(
                "target.masterKeyPassword", java.util.Properties.class.cast(props(config()))
                        .getProperty("target.masterKeyPassword")).reveal();
        assertTrue(notices.get(0).get("text").asText().contains(masterKey));
        assertFalse(http.get("/api/status", auth()).all().contains(masterKey), "never in the status");
        assertEquals(200, http.postJson("/api/notices/" + notices.get(0).get("id").asText() + "/ack", null,
                auth()).status());
        assertEquals(0, json(http.get("/api/notices", auth())).get("notices").size(), "forgotten");
    }

    @Test
    void aFailedRunShowsItsEntryAndEveryTablesVerdictWithResumeAndWithoutTheSecretsItsTextsQuoted() throws Exception {
        String form = "{\"values\":{\"target.auth\":\"sql\",\"target.user\":\"sa\",\"target.encryption\":\"default\","
                + "\"source.url\":\"jdbc:postgresql://127.0.0.1:1/nowhere\",\"source.user\":\"postgres\"},"
                + "\"passwords\":{\"target.password\":\"" + TARGET_CANARY + "\",\"source.password\":\""
                + SOURCE_CANARY + "\"},\"keepTargetUrl\":true}";
        ConsoleHttp.Response saved = http.postJson("/api/setup", form, auth());
        assertEquals(200, saved.status(), saved.text());
        // a run that failed in its pipeline: its report's entry quotes a driver's message holding the password
        launcher = (command, s, hooks) -> {
            MigrationRun run = new MigrationRun(command, s, null, TargetConnector.from(s), null, false);
            hooks.started(run);
            java.time.Instant now = java.time.Instant.now();
            return new MigrationReport(run.runId(), command.label(), "failed", now, now, "source", "target", "h2",
                    List.of(), List.of(new TableResult("public.users", "dbo.users", 10, 10, 10, 0, 10, "a", "a", true,
                            List.of(), 1, 1), new TableResult("public.events", "dbo.events", 50, 20, 20, 0, 20, "b",
                            null, false, List.of(), 1, 2)),
                    List.of(), List.of("the driver said: password=" + SOURCE_CANARY),
                    Map.of("code", "TARGET_LOST", "error", "The target went away (login with " + SOURCE_CANARY + ")",
                            "cause", "the network", "effect", "public.events is not complete",
                            "solution", "Resume when the target is back"),
                    null, Map.of(), null);
        };
        assertEquals(202, http.postJson("/api/migrate", "{}", auth()).status());
        JsonNode st = awaitState("failed");
        JsonNode result = st.get("result");
        assertEquals("failed", result.get("status").asText());
        JsonNode failure = result.get("failure");
        assertEquals("TARGET_LOST", failure.get("code").asText());
        for (String part : List.of("error", "cause", "effect", "solution")) {
            assertFalse(failure.get(part).asText().isBlank(), part + " of " + failure);
        }
        assertEquals(2, result.get("tables").size());
        assertTrue(result.get("tables").get(0).get("verified").asBoolean());
        assertFalse(result.get("tables").get(1).get("verified").asBoolean());
        ConsoleHttp.Response status = http.get("/api/status?logAfter=0", auth());
        assertFalse(status.all().contains(SOURCE_CANARY), "the report's texts are masked: " + status.text());
        assertTrue(failure.get("error").asText().startsWith("The target went away"), failure.toString());

        launcher = waitingRun;
        assertEquals(202, http.postJson("/api/resume", null, auth()).status(), "Resume is offered after a failure");
        assertTrue(runStarted.await(30, TimeUnit.SECONDS));
    }

    @Test
    void aSetupWithWrongValuesIsRefusedNamingEachAndNothingIsWritten() throws Exception {
        String before = Files.readString(config());
        ConsoleHttp.Response r = http.postJson("/api/setup", "{\"values\":{\"target.host\":\"sqlhost:14x33\","
                + "\"target.auth\":\"sql\",\"target.encryption\":\"default\",\"source.url\":\"mysql://x\"},"
                + "\"passwords\":{},\"keepTargetUrl\":false}", auth());
        assertEquals(400, r.status());
        JsonNode problems = json(r).get("problems");
        assertTrue(problems.get("target.host").asText().contains("The port '14x33'"), problems.toString());
        assertTrue(problems.has("target.user") && problems.has("source.url") && problems.has("source.user"));
        assertEquals(before, Files.readString(config()));
        assertEquals(400, http.postJson("/api/setup", "{not json", auth()).status(), "unreadable JSON");
    }

    private static java.util.Properties props(Path file) throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    private JsonNode awaitState(String state) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode st = null;
        while (System.currentTimeMillis() < deadline) {
            st = json(http.get("/api/status", auth()));
            if (state.equals(st.get("state").asText())) {
                return st;
            }
            Thread.sleep(50);
        }
        fail("state " + state + " not reached: " + st);
        return null;
    }
}
