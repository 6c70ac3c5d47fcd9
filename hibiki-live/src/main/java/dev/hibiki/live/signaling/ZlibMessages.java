package dev.hibiki.live.signaling;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib (RFC 1950) payloads of data channels whose {@code compress} is true, as the SDKs' CompressionStream
 * ("deflate") writes and reads them. Inflating is bounded: a small message must not expand without limit.
 */
final class ZlibMessages {

    /** The largest message a data channel carries (the SDP's max-message-size). */
    static final int MAX_MESSAGE = 262_144;

    private ZlibMessages() {
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater();
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
            byte[] chunk = new byte[8192];
            while (!d.finished()) {
                int n = d.deflate(chunk);
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** @return the inflated bytes, or null when the input is not zlib or inflates beyond {@link #MAX_MESSAGE} */
    static byte[] inflate(byte[] data) {
        Inflater i = new Inflater();
        try {
            i.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length * 2));
            byte[] chunk = new byte[8192];
            while (!i.finished()) {
                int n = i.inflate(chunk);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) return null;
                out.write(chunk, 0, n);
                if (out.size() > MAX_MESSAGE) return null;
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            i.end();
        }
    }
}
