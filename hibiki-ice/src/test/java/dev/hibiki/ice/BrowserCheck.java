package dev.hibiki.ice;

import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import java.util.Random;

/**
 * Builds connectivity checks the way Chromium sends them to an ICE-lite server: USERNAME "serverUfrag:browserUfrag",
 * GOOG-NETWORK-INFO, ICE-CONTROLLING, optional USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY with the server's password,
 * FINGERPRINT. Switches break it in the ways the tests need.
 */
final class BrowserCheck {
    /** Comprehension-required (below 0x8000) yet defined by no RFC: deserves a 420. */
    static final int UNDEFINED_REQUIRED_ATTRIBUTE = 0x7FF0;
    private static final Random RANDOM = new Random(8445);

    private final byte[] transactionId = new byte[12];
    private String username;
    private String password;
    private boolean useCandidate;
    private boolean controlled;
    private boolean integrity = true;
    private boolean fingerprint = true;
    private boolean corruptFingerprint;
    private int unknownRequired = -1;
    private int messageType = StunMessageType.BINDING_REQUEST;

    private BrowserCheck(String username, String password) {
        this.username = username;
        this.password = password;
        synchronized (RANDOM) {
            RANDOM.nextBytes(transactionId);
        }
    }

    static BrowserCheck to(IceCredentials server, String browserUfrag) {
        return new BrowserCheck(server.ufrag() + ":" + browserUfrag, server.password());
    }

    BrowserCheck useCandidate() {
        useCandidate = true;
        return this;
    }

    BrowserCheck controlled() {
        controlled = true;
        return this;
    }

    BrowserCheck password(String other) {
        password = other;
        return this;
    }

    BrowserCheck username(String other) {
        username = other;
        return this;
    }

    BrowserCheck withoutIntegrity() {
        integrity = false;
        return this;
    }

    BrowserCheck withoutFingerprint() {
        fingerprint = false;
        return this;
    }

    BrowserCheck corruptFingerprint() {
        corruptFingerprint = true;
        return this;
    }

    BrowserCheck unknownRequiredAttribute(int type) {
        unknownRequired = type;
        return this;
    }

    BrowserCheck type(int stunMessageType) {
        messageType = stunMessageType;
        return this;
    }

    byte[] transactionId() {
        return transactionId.clone();
    }

    byte[] build() {
        StunMessageWriter writer = new StunMessageWriter(512).begin(messageType, transactionId, 0);
        if (username != null) {
            writer.addUsername(username);
        }
        writer.addBytes(0xC057, new byte[] {0x00, 0x01, 0x00, 0x0A}, 0, 4); // GOOG-NETWORK-INFO
        if (controlled) {
            writer.addIceControlled(0x1122334455667788L);
        } else {
            writer.addIceControlling(0x1122334455667788L);
        }
        if (useCandidate) {
            writer.addUseCandidate();
        }
        writer.addPriority(0x6E7F1EFFL);
        if (unknownRequired >= 0) {
            writer.addBytes(unknownRequired, new byte[4], 0, 4);
        }
        if (integrity) {
            writer.addMessageIntegrity(StunCredentials.shortTermKey(password));
        }
        if (fingerprint) {
            writer.addFingerprint();
        }
        byte[] bytes = writer.toByteArray();
        if (corruptFingerprint) {
            bytes[bytes.length - 1] ^= 1;
        }
        return bytes;
    }
}
