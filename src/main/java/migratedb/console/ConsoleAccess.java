package migratedb.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Who may talk to the console, checked on every request before any route sees it (Jupyter's model):
 * <ul>
 *   <li>the {@code Host} is the console's own, {@code 127.0.0.1:PORT} or {@code localhost:PORT}: a page of another
 *   site whose name was made to point at 127.0.0.1 (DNS rebinding) is refused;</li>
 *   <li>an {@code Origin}, when the browser sends one, is the console's own: no other site's page may call it;</li>
 *   <li>the token made at this start: in the {@code X-MigrateDB-Token} header (scripts), or in the cookie the page
 *   gets when the printed URL {@code /?token=...} is opened (HttpOnly, SameSite=Strict); without it 401, with a
 *   wrong one 403.</li>
 * </ul>
 * Every response also says it must not be cached, framed or sniffed, and sends no referrer.
 */
final class ConsoleAccess implements AuthenticationHandler {
    static final String TOKEN_HEADER = "X-MigrateDB-Token";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final String token;
    private volatile int port = -1;

    ConsoleAccess(String token) {
        this.token = token;
    }

    /** A new random token: 256 bits, URL-safe. */
    static String newToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The port the server listens on, known once it does. */
    void port(int listening) {
        this.port = listening;
    }

    /** The cookie's name carries the port: cookies are shared by every port of a host. */
    String cookieName() {
        return "migratedb-console-" + port;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        HttpServerResponse res = rc.response();
        res.putHeader("Cache-Control", "no-store");
        res.putHeader("X-Content-Type-Options", "nosniff");
        res.putHeader("X-Frame-Options", "DENY");
        res.putHeader("Referrer-Policy", "no-referrer");
        res.putHeader("Content-Security-Policy", CSP);
        // the Host header, or HTTP/2's :authority (a script's client may upgrade to h2c, as Java's HttpClient does)
        String host = req.host();
        if (!ownHost(host)) {
            refuse(rc, 403, "This console answers only as 127.0.0.1:" + port + " or localhost:" + port
                    + " (the request named the host '" + host + "').");
            return;
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !ownOrigin(origin)) {
            refuse(rc, 403, "Requests from another site's page are refused (Origin " + origin + ").");
            return;
        }
        String fromQuery = req.method() == HttpMethod.GET && "/".equals(req.path()) ? req.getParam("token") : null;
        if (fromQuery != null) {
            if (!matches(fromQuery)) {
                refuse(rc, 403, "This token is not the one of this console's start: open the address "
                        + "'./run.sh console' printed last.");
                return;
            }
            // the token leaves the address bar at once; the page carries it as a cookie scripts cannot read
            res.addCookie(Cookie.cookie(cookieName(), token).setPath("/").setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT));
            res.setStatusCode(303).putHeader("Location", "/").end();
            return;
        }
        String presented = req.getHeader(TOKEN_HEADER);
        if (presented == null) {
            Cookie cookie = req.getCookie(cookieName());
            presented = cookie == null ? null : cookie.getValue();
        }
        if (presented == null) {
            refuse(rc, 401, "The console's token is missing: open the address './run.sh console' printed "
                    + "(http://127.0.0.1:" + port + "/?token=...), or send the header " + TOKEN_HEADER + ".");
            return;
        }
        if (!matches(presented)) {
            refuse(rc, 403, "The token is not the one of this console's start: open the address "
                    + "'./run.sh console' printed last.");
            return;
        }
        rc.next();
    }

    boolean matches(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private boolean ownHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port);
    }

    private boolean ownOrigin(String origin) {
        String o = origin.toLowerCase(Locale.ROOT);
        return o.equals("http://127.0.0.1:" + port) || o.equals("http://localhost:" + port);
    }

    private static void refuse(RoutingContext rc, int status, String message) {
        HttpServerResponse res = rc.response().setStatusCode(status);
        if (rc.request().path().startsWith("/api/")) {
            res.putHeader("Content-Type", "application/json").end("{\"error\":" + json(message) + "}");
        } else {
            res.putHeader("Content-Type", "text/plain; charset=utf-8").end("MigrateDB console: " + message + "\n");
        }
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
