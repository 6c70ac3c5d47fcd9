package dev.hibiki.sctp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The state cookie of INIT-ACK (RFC 9260 section 5.1.3): everything the association needs from the INIT and the
 * INIT-ACK, so that nothing is kept between sending INIT-ACK and receiving COOKIE-ECHO. It carries its creation time
 * and an HMAC-SHA256 under a key of this association, so a COOKIE-ECHO is accepted only with a cookie we made, within
 * {@link #LIFETIME_MS}.
 *
 * @param localTag our verification tag
 * @param peerTag the peer's verification tag
 * @param localInitialTsn our first TSN
 * @param peerInitialTsn the peer's first TSN
 * @param peerWindow the peer's advertised receive window
 * @param peerInboundStreams how many streams the peer accepts
 * @param peerForwardTsn whether the peer supports FORWARD-TSN
 * @param peerReconfig whether the peer supports RE-CONFIG
 */
record StateCookie(int localTag, int peerTag, int localInitialTsn, int peerInitialTsn, long peerWindow,
                   int peerInboundStreams, boolean peerForwardTsn, boolean peerReconfig) {
    static final long LIFETIME_MS = 60_000;
    private static final int BODY = 4 * 5 + 2 + 1 + 8;
    private static final int MAC = 32;
    static final int LENGTH = BODY + MAC;

    /** Makes and checks cookies under one random key. Not thread-safe: used under the association's lock. */
    static final class Signer {
        private final Mac mac;

        Signer(RandomGenerator random) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        }

        byte[] sign(StateCookie c, long nowMs) {
            ByteBuffer b = ByteBuffer.allocate(LENGTH);
            b.putInt(c.localTag).putInt(c.peerTag).putInt(c.localInitialTsn).putInt(c.peerInitialTsn)
                    .putInt((int) c.peerWindow).putShort((short) c.peerInboundStreams)
                    .put((byte) ((c.peerForwardTsn ? 1 : 0) | (c.peerReconfig ? 2 : 0))).putLong(nowMs);
            mac.update(b.array(), 0, BODY);
            b.put(mac.doFinal());
            return b.array();
        }

        /** The cookie if it is ours, intact and not older than its lifetime; null otherwise. */
        StateCookie verify(byte[] buf, int off, int len, long nowMs) {
            if (len != LENGTH) {
                return null;
            }
            mac.update(buf, off, BODY);
            byte[] expected = mac.doFinal();
            byte[] actual = java.util.Arrays.copyOfRange(buf, off + BODY, off + LENGTH);
            if (!MessageDigest.isEqual(expected, actual)) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, off, BODY);
            StateCookie c = new StateCookie(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt() & 0xffffffffL,
                    b.getShort() & 0xffff, false, false);
            int flags = b.get();
            long created = b.getLong();
            if (nowMs - created > LIFETIME_MS || created - nowMs > 1000) {
                return null;
            }
            return new StateCookie(c.localTag, c.peerTag, c.localInitialTsn, c.peerInitialTsn, c.peerWindow,
                    c.peerInboundStreams, (flags & 1) != 0, (flags & 2) != 0);
        }
    }
}
