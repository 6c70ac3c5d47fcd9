package dev.hibiki.sip.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A one-connection HTTP {@code CONNECT} proxy on loopback through which FFmpeg's TLS layer reaches an {@code rtmps}
 * server (its {@code http_proxy} option). FFmpeg keeps the host name, so TLS carries it as the server name (SNI),
 * which CDNs that share addresses among customers need; the tunnel connects to the address that was checked,
 * whatever name FFmpeg asks for, and carries the encrypted bytes both ways until either side closes.
 */
final class ConnectTunnel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectTunnel.class);
    private static final int MAX_REQUEST_HEAD = 8 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final int timeoutMillis;
    private volatile Socket client;
    private volatile Socket upstream;

    /**
     * Listens on a free loopback port and accepts one connection, within {@code timeoutMillis}.
     *
     * @param target the checked address and port the tunnel leads to
     */
    ConnectTunnel(InetSocketAddress target, int timeoutMillis) throws IOException {
        this.target = target;
        this.timeoutMillis = timeoutMillis;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(timeoutMillis);
        Thread.ofVirtual().name("rtmps-tunnel").start(this::serve);
    }

    /** The value of FFmpeg's {@code http_proxy} option. */
    String proxyUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void serve() {
        try (ServerSocket l = listener) {
            client = l.accept();
        } catch (IOException e) {
            return; // closed, or FFmpeg never came: its own open fails
        }
        try {
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            String head = readHead(fromClient);
            if (!head.startsWith("CONNECT ")) {
                toClient.write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                close();
                return;
            }
            Socket up = new Socket();
            upstream = up;
            up.connect(target, timeoutMillis);
            toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            toClient.flush();
            Thread.ofVirtual().name("rtmps-tunnel-down").start(() -> pump(up, client));
            pump(client, up);
        } catch (IOException e) {
            LOG.debug("rtmps tunnel to {}: {}", target, e.toString());
            close();
        }
    }

    /** The request line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_REQUEST_HEAD) throw new IOException("no complete CONNECT request");
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the other is closed below
        }
        close();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        closeQuietly(client);
        closeQuietly(upstream);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            // closing: nothing more to do
        }
    }
}
