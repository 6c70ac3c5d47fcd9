package dev.hibiki.dtls;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory path between two endpoints: what one side sends is fed to the other's
 * {@code onDatagram}, optionally dropping datagrams and sprinkling garbage.
 */
final class DatagramPipe {
    /** Whatever receives datagrams on one end. */
    interface Receiver {
        void onDatagram(byte[] buf, int off, int len);
    }

    /** Decides whether the {@code n}-th datagram in one direction is lost. */
    interface Drop {
        boolean test(int n, byte[] buf, int off, int len);
    }

    private volatile Receiver a;
    private volatile Receiver b;
    private volatile Drop dropAtoB = (n, buf, off, len) -> false;
    private volatile Drop dropBtoA = (n, buf, off, len) -> false;
    private volatile boolean garbage;
    private final AtomicInteger sentAtoB = new AtomicInteger();
    private final AtomicInteger sentBtoA = new AtomicInteger();
    private volatile Random random = new Random(7);

    void connect(Receiver a, Receiver b) {
        this.a = a;
        this.b = b;
    }

    /** The sender for endpoint A: delivers to B. */
    DtlsPacketSender senderA() {
        return (buf, off, len) -> deliver(b, dropAtoB, sentAtoB.getAndIncrement(), buf, off, len);
    }

    DtlsPacketSender senderB() {
        return (buf, off, len) -> deliver(a, dropBtoA, sentBtoA.getAndIncrement(), buf, off, len);
    }

    void dropAtoB(Drop drop) {
        dropAtoB = drop;
    }

    void dropBtoA(Drop drop) {
        dropBtoA = drop;
    }

    /** Before each real datagram, deliver a few garbage ones as well. */
    void sprinkleGarbage(boolean on) {
        garbage = on;
    }

    void sprinkleGarbage(boolean on, long seed) {
        random = new Random(seed);
        garbage = on;
    }

    int sentAtoB() {
        return sentAtoB.get();
    }

    private void deliver(Receiver to, Drop drop, int n, byte[] buf, int off, int len) {
        if (to == null) {
            return;
        }
        if (garbage) {
            for (int i = 0; i < 3; i++) {
                byte[] junk = garbage(random, false);
                to.onDatagram(junk, 0, junk.length);
            }
            // A truncated copy of the real datagram, as a middlebox might produce.
            to.onDatagram(buf, off, Math.max(0, len - 1 - random.nextInt(Math.max(1, len))));
        }
        if (!drop.test(n, buf, off, len)) {
            to.onDatagram(buf, off, len);
        }
    }

    /**
     * Random bytes, half of them shaped as a DTLS 1.2 record with a correct length so they get past the
     * header checks. During a handshake only epoch-1 records are shaped (they fail decryption and must be
     * dropped): plaintext epoch-0 records are indistinguishable from the peer's, and one with a random
     * sequence number advances the replay window past the genuine records (any DTLS stack is exposed to
     * that, which is why only the ICE-validated peer may feed the transport). Once connected, epoch-0
     * records of every type are included too.
     */
    static byte[] garbage(Random random, boolean connected) {
        byte[] junk = new byte[random.nextInt(300)];
        random.nextBytes(junk);
        if (junk.length >= 13 && random.nextBoolean()) {
            boolean epochOne = !connected || random.nextBoolean();
            junk[0] = (byte) (20 + random.nextInt(4)); // change_cipher_spec, alert, handshake, application_data
            junk[1] = (byte) 0xFE;
            junk[2] = (byte) 0xFD;
            junk[3] = 0;
            junk[4] = (byte) (epochOne ? 1 : 0);
            int length = junk.length - 13;
            junk[11] = (byte) (length >> 8);
            junk[12] = (byte) length;
        }
        return junk;
    }
}
