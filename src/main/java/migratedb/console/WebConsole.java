package migratedb.console;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The console's server: one long-lived Camel context ("migratedb-console") whose REST routes are served by
 * platform-http over Vert.x, bound to 127.0.0.1 only, every request checked by {@link ConsoleAccess}. Each migration
 * it starts still runs in a Camel Main of its own (the pipeline's), beside this one.
 */
public final class WebConsole implements AutoCloseable {
    /** The port when none is given: free on a usual machine, easy to type. */
    public static final int DEFAULT_PORT = 8750;
    /** What an upload may weigh (the body is held in memory while it is saved): a spreadsheet of personal passwords. */
    static final long MAX_UPLOAD_BYTES = 256L * 1024 * 1024;

    private final DefaultCamelContext camel;
    private final ConsoleService service;
    private final RunLog log;
    private final String token;
    private final int port;

    private WebConsole(DefaultCamelContext camel, ConsoleService service, RunLog log, String token, int port) {
        this.camel = camel;
        this.service = service;
        this.log = log;
        this.token = token;
        this.port = port;
    }

    /**
     * Starts the console on 127.0.0.1.
     *
     * @param port       the port, or 0 for any free one
     * @param configFile conf/database_params.conf (what Setup writes, what every action reads)
     * @param launcher   runs a migrate or resume the way the command line does
     */
    public static WebConsole start(int port, Path configFile, Path tunablesFile, Path keyFile, Map<String, String> env,
                                   RunLauncher launcher) throws Exception {
        String token = ConsoleAccess.newToken(new SecureRandom());
        ConsoleAccess access = new ConsoleAccess(token);
        RunLog log = RunLog.attach();
        ConsoleService service = new ConsoleService(configFile, tunablesFile, keyFile, env, launcher, log);
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.getCamelContextExtension().setName("migratedb-console");
            camel.disableJMX();
            // our own Vert.x: a Test or an Assessment may work on a worker thread for minutes, which is no hang
            Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(8)
                    .setMaxWorkerExecuteTime(6).setMaxWorkerExecuteTimeUnit(TimeUnit.HOURS));
            camel.getRegistry().bind("migratedbConsoleVertx", vertx);
            VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
            conf.setBindHost("127.0.0.1"); // never beyond loopback: Vert.x's default would be every interface
            conf.setBindPort(port);
            conf.setMaxBodySize(MAX_UPLOAD_BYTES);
            VertxPlatformHttpServerConfiguration.BodyHandler body = new VertxPlatformHttpServerConfiguration.BodyHandler();
            body.setHandleFileUploads(false); // uploads arrive as the request body, never as files Vert.x keeps
            conf.setBodyHandler(body);
            conf.setAuthenticationConfig(guard(access));
            VertxPlatformHttpServer server = new VertxPlatformHttpServer(conf);
            camel.addService(server);
            camel.addRoutes(new ConsoleRoutes(service));
            service.camel(camel);
            try {
                camel.start();
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                if (root instanceof java.net.BindException || root instanceof java.net.SocketException) {
                    throw new migratedb.troubleshoot.MigrationException(ConsoleTrouble.CONSOLE_PORT_UNAVAILABLE,
                            Map.of("port", port, "reason", String.valueOf(root.getMessage())), e);
                }
                throw e;
            }
            access.port(server.getPort());
            return new WebConsole(camel, service, log, token, server.getPort());
        } catch (Exception | Error e) {
            camel.close();
            log.detach();
            throw e;
        }
    }

    /** The access check on every path, installed where platform-http's Vert.x server takes authentication. */
    private static AuthenticationConfig guard(ConsoleAccess access) {
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> null); // no user store: the token is the whole check
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return access;
            }
        });
        AuthenticationConfig config = new AuthenticationConfig(List.of(entry));
        config.setEnabled(true);
        return config;
    }

    public int port() {
        return port;
    }

    /** The address to open: it carries this start's token, which the page trades for a cookie. */
    public String url() {
        return "http://127.0.0.1:" + port + "/?token=" + token;
    }

    /** For scripts and tests: the token of this start (header X-MigrateDB-Token). */
    public String token() {
        return token;
    }

    /**
     * Ctrl-C: a run in progress is stopped the way the command line stops one (no new chunk, the chunks in flight
     * rolled back, the report written) and waited for; false when it did not end within {@code millis}.
     */
    public boolean stopRun(String reason, long millis) throws InterruptedException {
        return service.stopAndWait(reason, millis);
    }

    /** Stops serving: the web server, then the console's Camel context; the run thread ends. */
    @Override
    public void close() throws Exception {
        try {
            camel.close();
        } finally {
            log.detach();
            service.close();
        }
    }
}
