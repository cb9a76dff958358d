package migratedb.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between MigrateDB and a server, for injecting network faults on real connections: {@link #stall()}
 * stops forwarding bytes (sockets stay open, as behind a dead router), {@link #heal()} forwards again,
 * {@link #cutAll()} closes every connection it carries (as a reset by a firewall or a killed session), and
 * {@link #loseTheReplyToCommit} leaves a commit in doubt (an H2 TCP server behind it).
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object gate = new Object();
    private volatile boolean stalled;
    private volatile boolean closed;
    private volatile byte[] doubtMarker;
    private volatile int doubtAtCommit;
    private final AtomicInteger markedCommits = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch doubtCreated = new java.util.concurrent.CountDownLatch(1);

    /**
     * Where a connection stands in a commit: {@code PREPARING} once its COMMIT was prepared (the next request executes
     * it), {@code EXECUTING} once the execution of the armed commit was forwarded; the server's next reply is then
     * dropped.
     */
    private enum Doubt { NONE, PREPARING, EXECUTING, DONE }

    /** One client connection and its upstream: the two pumps share it. */
    private static final class Pair {
        final Socket client;
        final Socket upstream;
        volatile boolean marked;
        volatile Doubt doubt = Doubt.NONE;
        /** The id of the connection's prepared COMMIT, once seen. */
        volatile byte[] commitId;

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted since the proxy started. */
    int accepted() {
        return accepted.get();
    }

    /** Stops forwarding in both directions; connections stay open and new ones are accepted but hang. */
    void stall() {
        stalled = true;
    }

    void heal() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /**
     * Leaves one commit in doubt: the {@code nth} COMMIT executed by the connections that sent {@code marker} (a
     * piece of their SQL) reaches the server and is executed, but the server's reply is dropped and the connection
     * cut, so the client cannot know whether it committed. Speaks H2's TCP protocol as far as it must: a connection
     * prepares a statement once, sending a request code, the statement's id and its SQL as a 4-byte length and
     * UTF-16BE characters; it executes it in the next request, and later again by its id.
     */
    void loseTheReplyToCommit(int nth, String marker) {
        doubtAtCommit = nth;
        doubtMarker = marker.getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    }

    /** Whether the commit armed by {@link #loseTheReplyToCommit} was executed and its reply lost. */
    boolean commitLeftInDoubt() {
        return doubtCreated.getCount() == 0;
    }

    private static final byte[] COMMIT = {0, 0, 0, 6, 0, 'C', 0, 'O', 0, 'M', 0, 'M', 0, 'I', 0, 'T'};

    private volatile byte[] cutMarker;
    private final java.util.concurrent.CountDownLatch cutDone = new java.util.concurrent.CountDownLatch(1);

    /**
     * Cuts the first connection that sends {@code bytes} (a piece of a statement: UTF-8 for PostgreSQL, UTF-16BE for
     * H2), before the statement is forwarded; once.
     */
    void cutOnceWhenSent(byte[] bytes) {
        cutMarker = bytes;
    }

    /** Whether the cut armed by {@link #cutOnceWhenSent} happened. */
    boolean cutDone() {
        return cutDone.getCount() == 0;
    }

    /** Client to server: true when this request is the one to cut on (the connection is then closed). */
    private boolean cutRequest(Pair pair, byte[] buf, int n) {
        byte[] marker = cutMarker;
        if (marker == null || !contains(buf, n, marker)) {
            return false;
        }
        synchronized (cutDone) {
            if (cutDone.getCount() == 0) {
                return false;
            }
            cutDone.countDown();
        }
        closeQuietly(pair.client);
        closeQuietly(pair.upstream);
        return true;
    }

    /** H2's request to execute a prepared command: this op code, then the command's id. */
    private static final byte[] EXECUTE_UPDATE = {0, 0, 0, 3};

    /**
     * Client to server: counts a marked connection's COMMITs as they are executed. A connection prepares COMMIT once
     * (its SQL text preceded by the command's id) and executes it in the next request; a connection kept for many
     * chunks (the run's pool) executes the same prepared COMMIT again by its id.
     */
    private void watchRequest(Pair pair, byte[] buf, int n) {
        byte[] marker = doubtMarker;
        if (marker == null || commitLeftInDoubt()) {
            return;
        }
        if (!pair.marked && contains(buf, n, marker)) {
            pair.marked = true;
        }
        if (pair.doubt == Doubt.PREPARING) {
            pair.doubt = Doubt.NONE; // this request executes the COMMIT just prepared
            commitExecuted(pair);
            return;
        }
        int at = indexOf(buf, n, COMMIT);
        if (at >= 4) {
            pair.commitId = java.util.Arrays.copyOfRange(buf, at - 4, at);
            if (pair.marked) {
                pair.doubt = Doubt.PREPARING;
            }
            return;
        }
        byte[] id = pair.commitId;
        if (pair.marked && id != null) {
            byte[] execute = new byte[8];
            System.arraycopy(EXECUTE_UPDATE, 0, execute, 0, 4);
            System.arraycopy(id, 0, execute, 4, 4);
            if (contains(buf, n, execute)) {
                commitExecuted(pair);
            }
        }
    }

    /**
     * The marked connection's COMMIT is being forwarded: the armed one has its reply lost. The connection is marked
     * again only by its next statement with the marker (a pool's reset of the connection commits too).
     */
    private void commitExecuted(Pair pair) {
        pair.marked = false;
        if (markedCommits.incrementAndGet() == doubtAtCommit) {
            pair.doubt = Doubt.EXECUTING; // set before forwarding: the reply may come back at once
        }
    }

    /** Server to client: true when this reply is the one to lose (the connection is then cut). */
    private boolean loseReply(Pair pair) {
        if (pair.doubt != Doubt.EXECUTING) {
            return false;
        }
        pair.doubt = Doubt.DONE;
        closeQuietly(pair.client);
        closeQuietly(pair.upstream);
        doubtCreated.countDown();
        return true;
    }

    private static boolean contains(byte[] buf, int n, byte[] pattern) {
        return indexOf(buf, n, pattern) >= 0;
    }

    private static int indexOf(byte[] buf, int n, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= n; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Closes every connection the proxy carries right now. */
    void cutAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
                sockets.add(client);
                sockets.add(upstream);
                Pair pair = new Pair(client, upstream);
                pump(pair, true);
                pump(pair, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Pair pair, boolean request) {
        Socket from = request ? pair.client : pair.upstream;
        Socket to = request ? pair.upstream : pair.client;
        String direction = request ? "up" : "down";
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    awaitForwarding();
                    if (request) {
                        if (cutRequest(pair, buf, n)) {
                            return;
                        }
                        watchRequest(pair, buf, n);
                    } else if (loseReply(pair)) {
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended or was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-" + direction + "-" + port());
        t.setDaemon(true);
        t.start();
    }

    private void awaitForwarding() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait(100);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        heal();
        server.close();
        cutAll();
    }
}
