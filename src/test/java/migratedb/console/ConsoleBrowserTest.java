package migratedb.console;

import migratedb.cli.ConsoleRuns;
import migratedb.config.Settings;
import migratedb.demo.DemoDatabase;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The migration window in a real browser (Debian's headless Chromium, driven by Selenium through the system's
 * chromedriver, nothing downloaded): Setup → Test → Assess → Migrate on a real PostgreSQL into the H2 stand-in, with
 * the command line's own run behind Migrate, then the personal passwords imported back from their XLSX export. It
 * checks what the page shows at the end (every table verified) and takes the screenshots of docs/console/.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS_DOCS = Path.of("docs/console");
    private static final Path SHOTS_BUILD = Path.of("target/console");
    private static final int SHOT_MAX_HEIGHT = 1800;
    private static final String SOURCE_CANARY = "Canary-Browser-Src-31f0";
    private static final String TARGET_CANARY = "Canary-Browser-Tgt-88b2";

    @TempDir
    Path dir;

    private WebConsole console;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are not installed (/usr/bin/chromium, /usr/bin/chromedriver): apt-get "
                        + "install chromium chromium-driver (.ci/run does)");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900", "--user-data-dir=" + dir.resolve("chrome"));
        browser = new ChromeDriver(service, options);
        // a viewport of 1280 x 800 (the window's size counts the browser's own bars)
        browser.manage().window().setSize(new Dimension(1280, 943));
        wait = new WebDriverWait(browser, Duration.ofSeconds(240));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.stopRun("the test ends", 20_000);
            console.close();
        }
    }

    @Test
    void setupTestAssessAndMigrateInTheBrowserEndWithEveryTableVerified() throws Exception {
        String source = TestPostgres.newDatabase("console");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 40_000);
            // two cascading paths from sites to devices: SQL Server refuses the second (cascade-path, allowable)
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE sites (id int PRIMARY KEY, name text NOT NULL);"
                        + "CREATE TABLE racks (id int PRIMARY KEY, site_id int NOT NULL REFERENCES sites(id) "
                        + "ON DELETE CASCADE);"
                        + "CREATE TABLE devices (id int PRIMARY KEY, site_id int NOT NULL REFERENCES sites(id) "
                        + "ON DELETE CASCADE, rack_id int REFERENCES racks(id) ON DELETE CASCADE);"
                        + "INSERT INTO sites SELECT g, 'site ' || g FROM generate_series(1, 20) g;"
                        + "INSERT INTO racks SELECT g, 1 + g % 20 FROM generate_series(1, 200) g;"
                        + "INSERT INTO devices SELECT g, 1 + g % 20, 1 + g % 200 FROM generate_series(1, 2000) g");
            }
        }
        // the administrator's file as an earlier set-up left it: the stand-in's URL, and the decisions about the
        // sample's credentials (setup proposes them); the copy is slowed so the live progress can be seen
        Path config = dir.resolve("database_params.conf");
        Files.writeString(config, "target.url=jdbc:h2:file:" + dir.resolve("passtrix")
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE\ntarget.user=sa\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Path tunables = dir.resolve("migration.properties");
        Files.writeString(tunables, "migration.excludedTables=public.personal_passwords\n"
                + "migration.protectedColumns=public.accounts.password\n"
                + "copy.chunkRows=5000\ncopy.batchSize=1000\ncopy.parallelTables=2\n"
                + "copy.throttle.rowsPerSecond=6000\n");
        console = WebConsole.start(0, config, tunables, Settings.keyFile(), Map.of(), new ConsoleRuns());

        browser.get(console.url());
        assertEquals("/", Path.of(new java.net.URI(browser.getCurrentUrl()).getPath()).toString(),
                "the token left the address bar");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setup-form")));
        assertEquals("idle", state());

        // 1 Setup: the target's URL is kept (the stand-in); the source and both passwords are typed
        assertTrue(browser.findElement(By.id("keep-target-url")).isSelected());
        type("target.user", "sa");
        type("target.password", TARGET_CANARY);
        browser.findElement(By.id("src-url")).click();
        type("source.url", source);
        type("source.user", "postgres");
        type("source.password", SOURCE_CANARY); // the test server trusts loopback logins: accepted, unused
        browser.findElement(By.id("enc-default")).click();
        shot("1-setup");
        browser.findElement(By.id("setup-save")).click();
        // Default keys and none stored yet: the generated master key password is shown once
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertFalse(text("notice-text").isBlank());
        assertFalse(browser.findElement(By.id("notice-close")).isEnabled(), "only after 'I have written it down'");
        shot("2-setup-master-key-password", false); // the dialog over the page as it is seen
        browser.findElement(By.id("notice-written")).click();
        browser.findElement(By.id("notice-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("notice")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("setup-message"), "Saved"));
        assertEquals("", browser.findElement(By.id("source.password")).getAttribute("value"), "write-only");
        assertTrue(Files.readString(config).contains("source.password=ENC("));

        // 2 Test
        browser.findElement(By.id("nav-test")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("test-run"))).click();
        settled("test-message");
        assertEquals("Test passed.", text("test-message"), text("test-result"));
        assertTrue(text("test-result").contains("PostgreSQL"), text("test-result"));
        assertTrue(text("test-result").contains("not applicable (H2 stand-in"), text("test-result"));
        shot("3-test");

        // 3 Assess: a blocking kind, allowed with its checkbox, which says what allowing does
        browser.findElement(By.id("nav-assess")).click();
        browser.findElement(By.id("assess-run")).click();
        settled("assess-message");
        assertTrue(text("assess-summary").contains("stop the migration"), text("assess-summary"));
        WebElement allow = browser.findElement(By.id("allow-cascade-path"));
        String label = browser.findElement(By.cssSelector("details[data-kind=cascade-path] .allow")).getText();
        assertTrue(label.contains("Allowing it:") && label.contains("NO ACTION"), label);
        shot("4-assess");
        allow.click();
        browser.findElement(By.id("assess-run")).click();
        settled("assess-message");
        assertTrue(text("assess-summary").contains("No blocking finding stops the migration."),
                text("assess-summary"));
        assertFalse(browser.findElements(By.cssSelector("details.kind")).isEmpty(), "findings grouped by kind");

        // 4 Migrate, with live progress
        browser.findElement(By.id("nav-migrate")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("migrate-run"))).click();
        settled("migrate-message");
        assertEquals("Migration started.", text("migrate-message"));
        wait.until(d -> d.findElements(By.cssSelector("#tables-progress tbody tr")).size() >= 2
                && state().equals("running"));
        wait.until(d -> text("status-log").contains("Committed"));
        assertTrue(browser.findElement(By.id("cancel-run")).isEnabled(), "Cancel while it runs");
        shot("5-migrate-progress");

        // Cancel stops the run as Ctrl-C does; the page shows the interrupted run with its Resume
        browser.findElement(By.id("cancel-run")).click();
        endsAs("interrupted");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result-resume")));
        assertTrue(text("result-banner").contains("was stopped"), text("result-banner"));
        assertTrue(text("result-next").contains("resume"), "what ./run.sh status says next: " + text("result-next"));
        assertTrue(text("status-log").contains("interrupted"), text("status-log"));
        assertTrue(text("result-committed").contains("public.audit_trail"), "what the target holds so far: "
                + text("result-committed"));
        shot("6-interrupted");
        browser.findElement(By.id("result-resume")).click();
        settled("migrate-message");
        assertEquals("Resume started.", text("migrate-message"));

        // 5 Result: the page goes there when the run ends
        wait.until(d -> !state().equals("interrupted")); // the badge shows the new run once the page polls
        endsAs("completed");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result-tables")));
        assertTrue(text("result-banner").contains("completed: all 10 tables verified"), text("result-banner"));
        List<WebElement> verified = browser.findElements(By.cssSelector("#result-tables [data-test=verified]"));
        assertEquals(10, verified.size());
        for (WebElement v : verified) {
            assertEquals("✓ verified", v.getText());
        }
        assertTrue(text("result-excluded").contains("public.personal_passwords"), text("result-excluded"));
        assertTrue(text("result-warnings").contains("key"), "the key-backup warning: " + text("result-warnings"));
        shot("7-result");

        // 6 Personal passwords: the export as Excel would have it, imported back after the migration
        ConsoleHttp http = new ConsoleHttp(console.port());
        ConsoleHttp.Response export = http.get("/api/excluded/export?table=public.personal_passwords&format=xlsx",
                ConsoleAccess.TOKEN_HEADER, console.token());
        assertEquals(200, export.status());
        Path xlsx = dir.resolve("public.personal_passwords.xlsx");
        Files.write(xlsx, export.body());
        browser.findElement(By.id("nav-passwords")).click();
        wait.until(d -> d.findElements(By.cssSelector("#import-table option")).size() == 1);
        browser.findElement(By.id("import-file")).sendKeys(xlsx.toString());
        browser.findElement(By.id("import-run")).click();
        settled("import-message");
        assertEquals("Imported and verified.", text("import-message"), text("import-result"));
        shot("8-personal-passwords");

        for (String canary : List.of(SOURCE_CANARY, TARGET_CANARY)) {
            assertFalse(browser.getPageSource().contains(canary), "the page never holds " + canary);
        }
    }

    /** Waits until a step's message no longer says it is working (the spinner's class is gone). */
    private void settled(String id) {
        try {
            wait.until(d -> {
                WebElement m = d.findElement(By.id(id));
                return !m.getText().isBlank() && !m.getAttribute("class").contains("busy");
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(id + " did not settle: " + browser.findElement(By.id(id))
                    .getAttribute("outerHTML") + "; browser log: " + browser.manage().logs().get("browser").getAll(), e);
        }
    }

    /**
     * Waits until the run has ended, and asserts its final state. A run that ends otherwise fails the test with what
     * the page says; one that does not end in time, with where every thread of this JVM (the console's run included)
     * stands.
     */
    private void endsAs(String expected) {
        java.util.Set<String> finalStates = java.util.Set.of("completed", "not-verified", "failed", "interrupted");
        try {
            wait.until(d -> finalStates.contains(state()));
            assertEquals(expected, state(), () -> "status log:\n" + text("status-log") + "\nresult: "
                    + text("result-banner"));
        } catch (org.openqa.selenium.TimeoutException e) {
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((t, stack) -> {
                threads.append('\n').append(t.getName()).append(" (").append(t.getState()).append(')');
                for (StackTraceElement frame : stack) {
                    threads.append("\n    at ").append(frame);
                }
            });
            throw new AssertionError("the run did not end; state " + state() + "; status log:\n" + text("status-log")
                    + "\nthreads:" + threads, e);
        }
    }

    /** The run's state as the badge holds it (it is shown in capitals). */
    private String state() {
        return browser.findElement(By.id("state-badge")).getDomProperty("textContent");
    }

    private String text(String id) {
        WebElement e = browser.findElement(By.id(id));
        return "TEXTAREA".equalsIgnoreCase(e.getTagName()) ? e.getAttribute("value") : e.getText();
    }

    private void type(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    /**
     * A screenshot of the whole page (up to {@link #SHOT_MAX_HEIGHT} pixels), into target/console/, and into
     * docs/console/ with -Ddocs.update=true: the documentation shows what the test saw, and a test run leaves the
     * sources as they are.
     */
    private void shot(String name) throws Exception {
        shot(name, true);
    }

    private void shot(String name, boolean wholePage) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.scrollTo(0, 0)");
        Dimension viewport = browser.manage().window().getSize();
        long page = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        long bars = viewport.getHeight() - ((Number) js.executeScript("return window.innerHeight")).longValue();
        if (wholePage && page > viewport.getHeight() - bars) {
            browser.manage().window().setSize(new Dimension(viewport.getWidth(),
                    (int) (Math.min(page, SHOT_MAX_HEIGHT) + bars)));
        }
        try {
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(SHOTS_BUILD);
            Files.write(SHOTS_BUILD.resolve(name + ".png"), png);
            if (Boolean.getBoolean("docs.update")) {
                Files.createDirectories(SHOTS_DOCS);
                Files.write(SHOTS_DOCS.resolve(name + ".png"), png);
            }
        } finally {
            browser.manage().window().setSize(viewport);
        }
    }
}
