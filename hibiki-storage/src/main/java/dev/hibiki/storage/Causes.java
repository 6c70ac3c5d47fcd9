package dev.hibiki.storage;

import javax.net.ssl.SSLException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;

/** What the clients' exceptions mean, whatever they were wrapped in. */
final class Causes {
    private Causes() {
    }

    /**
     * A short description of why no answer came (unknown host, refused, timed out, TLS), or null when
     * {@code t} is not about the connection. Policy refusals are not connection problems: see
     * {@link CheckedDnsResolver#refusal}.
     */
    static String connectionProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CheckedDnsResolver.RefusedHostException) return null;
            if (c instanceof UnknownHostException) return "the host name does not resolve";
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) return "the connection was refused";
            if (c instanceof InterruptedIOException) return "it timed out";
            if (c instanceof SSLException) return "the TLS handshake failed (" + c.getClass().getSimpleName() + ")";
            if (c instanceof SocketException) return "the connection broke";
            if (c.getClass().getName().equals("org.apache.http.NoHttpResponseException")) return "the server did not answer";
            if (c.getCause() == c) break;
        }
        return null;
    }

    /** Replaces each secret in {@code text} (something a remote service said) by "(hidden)". */
    static String scrub(String text, String... secrets) {
        if (text == null) return "";
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) out = out.replace(s, "(hidden)");
        }
        return out;
    }
}
