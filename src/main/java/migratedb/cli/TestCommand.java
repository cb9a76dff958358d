package migratedb.cli;

import migratedb.config.Settings;
import migratedb.ops.ConnectionTest;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * The product document's Test button: connect to both sides and report what the migration will meet — versions,
 * TLS in use, the authentication scheme the server saw, and each missing permission with the GRANT that fixes it
 * ({@link ConnectionTest}, which the web console runs too).
 */
@CommandLine.Command(name = "test", description = "Test the connections: versions, TLS, authentication and missing permissions.")
final class TestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return run(common.load(), System.out);
    }

    static int run(Settings s, PrintStream out) {
        ConnectionTest.Report r = ConnectionTest.run(s);
        print(out, r);
        return r.passed() ? Console.OK : Console.FAILED;
    }

    static void print(PrintStream out, ConnectionTest.Report r) {
        ConnectionTest.Side src = r.source();
        if (src.url() != null) {
            out.println("Source " + src.url() + (src.note() == null ? "" : " (" + src.note() + ")"));
        }
        src.warnings().forEach(w -> out.println("  WARNING: " + w));
        if (src.connected() != null) {
            out.println("  connected: " + src.connected());
        }
        if (src.failureText() != null) {
            out.println("  FAILED: " + src.failureText());
        }
        ConnectionTest.Side t = r.target();
        out.println("Target " + t.url() + " (" + t.note() + ")");
        t.warnings().forEach(w -> out.println("  WARNING: " + w));
        if (t.nativeAuth() != null) {
            out.println("  Windows authentication: " + t.nativeAuth());
        }
        if (t.connected() != null) {
            out.println("  connected: " + t.connected());
        }
        if (t.tls() != null) {
            out.println("  TLS in use: " + t.tls());
        }
        if (t.authScheme() != null) {
            out.println("  authentication scheme: " + t.authScheme());
        }
        if ("not applicable (H2 stand-in)".equals(t.permissions())) {
            out.println("  permissions: " + t.permissions());
        }
        t.notes().forEach(n -> out.println("  " + n));
        if (t.failureText() != null) {
            out.println("  FAILED: " + t.failureText());
        }
        t.missing().forEach(m -> out.println("  MISSING permission " + m.name() + " — fix: " + m.fixSql()));
        if (t.permissions() != null && !"not applicable (H2 stand-in)".equals(t.permissions())) {
            out.println("  permissions: " + t.permissions());
        }
        out.println(r.passed() ? "Test passed." : "Test FAILED: see the lines above.");
    }
}
