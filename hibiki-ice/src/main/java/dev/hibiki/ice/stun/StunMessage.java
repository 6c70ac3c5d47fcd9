package dev.hibiki.ice.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * A read-only view of one STUN message inside a caller's buffer (RFC 8489). {@link #wrap} validates the framing and
 * records where the attributes this codec knows sit; accessors read them on demand. One instance is meant to be reused
 * by one thread for every datagram it receives, so parsing allocates nothing; the view is only valid while the
 * wrapped bytes are unchanged.
 *
 * <p>Garbage never throws: {@link #wrap} returns false and the view is then empty.
 *
 * <p>Rules applied: the two top bits are zero, the magic cookie is present, the length field is a multiple of 4 and
 * matches the datagram exactly, every attribute fits. Only the first occurrence of an attribute counts; after
 * MESSAGE-INTEGRITY everything but FINGERPRINT is ignored; FINGERPRINT must be last. An attribute this codec knows
 * with a wrong length makes the message malformed.
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    static final int INTEGRITY_LENGTH = 20;
    private static final int MAX_USERNAME_LENGTH = 513;
    private static final int MAX_RECORDED_UNKNOWN = 8;

    private byte[] buf;
    private int off;
    private int len;
    private int type;
    private int usernameOff;
    private int usernameLen;
    private int integrityAttrOff;
    private int fingerprintAttrOff;
    private int xorMappedOff;
    private int xorMappedLen;
    private int priorityOff;
    private boolean useCandidate;
    private int controllingOff;
    private int controlledOff;
    private int errorCodeOff;
    private int errorCodeLen;
    private int softwareOff;
    private int softwareLen;
    private final int[] unknownRequired = new int[MAX_RECORDED_UNKNOWN];
    private int unknownCount;
    private final byte[] digest = new byte[INTEGRITY_LENGTH];

    public StunMessage() {
        reset();
    }

    /** Parses a new instance, or returns null when the bytes are not a well-formed STUN message. */
    public static StunMessage parse(byte[] buf, int off, int len) {
        StunMessage message = new StunMessage();
        return message.wrap(buf, off, len) ? message : null;
    }

    /** A cheap pre-check: header-sized, top bits zero and the magic cookie in place. */
    public static boolean looksLikeStun(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= HEADER_LENGTH && len <= buf.length - off
                && (buf[off] & 0xC0) == 0 && StunBytes.i32(buf, off + 4) == MAGIC_COOKIE;
    }

    /** Points this view at {@code buf[off, off+len)}; false (and an empty view) when the bytes are not STUN. */
    public boolean wrap(byte[] buf, int off, int len) {
        reset();
        if (!looksLikeStun(buf, off, len)) {
            return false;
        }
        int bodyLength = StunBytes.u16(buf, off + 2);
        if ((bodyLength & 3) != 0 || HEADER_LENGTH + bodyLength != len) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.type = StunBytes.u16(buf, off);
        if (!parseAttributes(off + HEADER_LENGTH, off + len)) {
            reset();
            return false;
        }
        return true;
    }

    private boolean parseAttributes(int pos, int end) {
        boolean afterIntegrity = false;
        while (pos < end) {
            if (end - pos < 4 || fingerprintAttrOff >= 0) {
                return false; // a truncated header, or something after FINGERPRINT
            }
            int attrType = StunBytes.u16(buf, pos);
            int attrLen = StunBytes.u16(buf, pos + 2);
            int valueOff = pos + 4;
            int padded = (attrLen + 3) & ~3;
            if (padded > end - valueOff) {
                return false;
            }
            if (attrType == StunAttribute.FINGERPRINT) {
                if (attrLen != 4) {
                    return false;
                }
                fingerprintAttrOff = pos;
            } else if (!afterIntegrity) {
                if (!recordAttribute(pos, attrType, valueOff, attrLen)) {
                    return false;
                }
                afterIntegrity = attrType == StunAttribute.MESSAGE_INTEGRITY;
            }
            pos = valueOff + padded;
        }
        return true;
    }

    private boolean recordAttribute(int attrOff, int attrType, int valueOff, int attrLen) {
        switch (attrType) {
            case StunAttribute.USERNAME -> {
                if (attrLen > MAX_USERNAME_LENGTH) {
                    return false;
                }
                if (usernameOff < 0) {
                    usernameOff = valueOff;
                    usernameLen = attrLen;
                }
            }
            case StunAttribute.MESSAGE_INTEGRITY -> {
                if (attrLen != INTEGRITY_LENGTH) {
                    return false;
                }
                integrityAttrOff = attrOff;
            }
            case StunAttribute.XOR_MAPPED_ADDRESS -> {
                if (attrLen != XorAddress.IPV4_VALUE_LENGTH && attrLen != XorAddress.IPV6_VALUE_LENGTH) {
                    return false;
                }
                if (xorMappedOff < 0) {
                    xorMappedOff = valueOff;
                    xorMappedLen = attrLen;
                }
            }
            case StunAttribute.PRIORITY -> {
                if (attrLen != 4) {
                    return false;
                }
                if (priorityOff < 0) {
                    priorityOff = valueOff;
                }
            }
            case StunAttribute.USE_CANDIDATE -> {
                if (attrLen != 0) {
                    return false;
                }
                useCandidate = true;
            }
            case StunAttribute.ICE_CONTROLLING -> {
                if (attrLen != 8) {
                    return false;
                }
                if (controllingOff < 0) {
                    controllingOff = valueOff;
                }
            }
            case StunAttribute.ICE_CONTROLLED -> {
                if (attrLen != 8) {
                    return false;
                }
                if (controlledOff < 0) {
                    controlledOff = valueOff;
                }
            }
            case StunAttribute.ERROR_CODE -> {
                if (attrLen < 4) {
                    return false;
                }
                if (errorCodeOff < 0) {
                    errorCodeOff = valueOff;
                    errorCodeLen = attrLen;
                }
            }
            case StunAttribute.SOFTWARE -> {
                if (softwareOff < 0) {
                    softwareOff = valueOff;
                    softwareLen = attrLen;
                }
            }
            default -> {
                if (StunAttribute.isComprehensionRequired(attrType)
                        && !StunAttribute.isKnownComprehensionRequired(attrType)) {
                    if (unknownCount < MAX_RECORDED_UNKNOWN) {
                        unknownRequired[unknownCount] = attrType;
                    }
                    unknownCount++;
                }
            }
        }
        return true;
    }

    private void reset() {
        buf = null;
        off = 0;
        len = 0;
        type = -1;
        usernameOff = -1;
        usernameLen = 0;
        integrityAttrOff = -1;
        fingerprintAttrOff = -1;
        xorMappedOff = -1;
        xorMappedLen = 0;
        priorityOff = -1;
        useCandidate = false;
        controllingOff = -1;
        controlledOff = -1;
        errorCodeOff = -1;
        errorCodeLen = 0;
        softwareOff = -1;
        softwareLen = 0;
        unknownCount = 0;
    }

    public boolean isValid() {
        return buf != null;
    }

    /** The 14-bit message type, or -1 when the view is empty. */
    public int messageType() {
        return type;
    }

    public int method() {
        return StunMessageType.method(type);
    }

    public StunClass messageClass() {
        return StunClass.of(type);
    }

    public boolean isBindingRequest() {
        return type == StunMessageType.BINDING_REQUEST;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    /** Offset in {@link #buffer()} of the 12-byte transaction id. */
    public int transactionIdOffset() {
        return off + 8;
    }

    public byte[] transactionId() {
        byte[] id = new byte[TRANSACTION_ID_LENGTH];
        System.arraycopy(buf, off + 8, id, 0, TRANSACTION_ID_LENGTH);
        return id;
    }

    public boolean hasUsername() {
        return usernameOff >= 0;
    }

    public String username() {
        return usernameOff < 0 ? null : new String(buf, usernameOff, usernameLen, StandardCharsets.UTF_8);
    }

    /**
     * The part of an ICE USERNAME ("local:remote", RFC 8445 section 7.2.2) before the first colon, or null when
     * there is no USERNAME or no colon.
     */
    public String usernameLocalPart() {
        int colon = usernameColon();
        return colon < 0 ? null : new String(buf, usernameOff, colon - usernameOff, StandardCharsets.UTF_8);
    }

    /** Whether the USERNAME is exactly {@code local ":" remote}, given as UTF-8 bytes, without allocating. */
    public boolean usernameEquals(byte[] local, byte[] remote) {
        int colon = usernameColon();
        return colon >= 0
                && regionEquals(usernameOff, colon - usernameOff, local)
                && regionEquals(colon + 1, usernameOff + usernameLen - colon - 1, remote);
    }

    /** Whether the USERNAME's local part (before the first colon) equals {@code local}. */
    public boolean usernameLocalPartEquals(byte[] local) {
        int colon = usernameColon();
        return colon >= 0 && regionEquals(usernameOff, colon - usernameOff, local);
    }

    /** The part after the first colon, or null. */
    public String usernameRemotePart() {
        int colon = usernameColon();
        return colon < 0 ? null
                : new String(buf, colon + 1, usernameOff + usernameLen - colon - 1, StandardCharsets.UTF_8);
    }

    private int usernameColon() {
        if (usernameOff < 0) {
            return -1;
        }
        for (int i = usernameOff; i < usernameOff + usernameLen; i++) {
            if (buf[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean regionEquals(int from, int count, byte[] expected) {
        if (count != expected.length) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (buf[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean hasPriority() {
        return priorityOff >= 0;
    }

    /** PRIORITY as an unsigned 32-bit value, or -1 when absent. */
    public long priority() {
        return priorityOff < 0 ? -1 : StunBytes.i32(buf, priorityOff) & 0xFFFFFFFFL;
    }

    public boolean hasUseCandidate() {
        return useCandidate;
    }

    public boolean hasIceControlling() {
        return controllingOff >= 0;
    }

    /** The tie-breaker of ICE-CONTROLLING; only meaningful when {@link #hasIceControlling()}. */
    public long iceControllingTieBreaker() {
        return controllingOff < 0 ? 0 : StunBytes.i64(buf, controllingOff);
    }

    public boolean hasIceControlled() {
        return controlledOff >= 0;
    }

    public long iceControlledTieBreaker() {
        return controlledOff < 0 ? 0 : StunBytes.i64(buf, controlledOff);
    }

    /** ERROR-CODE as class*100+number, or -1 when absent. */
    public int errorCode() {
        if (errorCodeOff < 0) {
            return -1;
        }
        return (buf[errorCodeOff + 2] & 0x07) * 100 + (buf[errorCodeOff + 3] & 0xFF);
    }

    public String errorReason() {
        return errorCodeOff < 0 ? null
                : new String(buf, errorCodeOff + 4, errorCodeLen - 4, StandardCharsets.UTF_8);
    }

    public String software() {
        return softwareOff < 0 ? null : new String(buf, softwareOff, softwareLen, StandardCharsets.UTF_8);
    }

    /** The decoded XOR-MAPPED-ADDRESS, or null when absent or of an unknown family. */
    public InetSocketAddress xorMappedAddress() {
        return xorMappedOff < 0 ? null : XorAddress.decode(buf, off, xorMappedOff, xorMappedLen);
    }

    /**
     * Where the value of the first attribute of {@code attributeType} starts in {@link #buffer()}, or -1 when absent.
     * For attributes this view does not record itself (TURN's, for instance): a linear scan meant for request paths,
     * not for per-packet media. Like the recorded ones, attributes after MESSAGE-INTEGRITY do not count.
     */
    public int findAttribute(int attributeType) {
        return findAttribute(attributeType, -1);
    }

    /**
     * The next attribute of {@code attributeType} after the one whose value starts at {@code afterValueOffset} (-1:
     * from the first attribute), for attributes that may repeat (TURN's XOR-PEER-ADDRESS); -1 when there is none.
     */
    public int findAttribute(int attributeType, int afterValueOffset) {
        if (buf == null) {
            return -1;
        }
        int end = integrityAttrOff >= 0 ? integrityAttrOff : fingerprintAttrOff >= 0 ? fingerprintAttrOff : off + len;
        int pos = afterValueOffset < 0 ? off + HEADER_LENGTH
                : afterValueOffset + ((attributeLength(afterValueOffset) + 3) & ~3);
        while (pos + 4 <= end) {
            int valueOff = pos + 4;
            if (StunBytes.u16(buf, pos) == attributeType) {
                return valueOff;
            }
            pos = valueOff + ((StunBytes.u16(buf, pos + 2) + 3) & ~3);
        }
        return -1;
    }

    /** The length (without padding) of the attribute whose value starts at {@code valueOffset}. */
    public int attributeLength(int valueOffset) {
        return StunBytes.u16(buf, valueOffset - 2);
    }

    /** The value of the first attribute of {@code attributeType} as UTF-8 text, or null when absent. */
    public String stringAttribute(int attributeType) {
        int valueOff = findAttribute(attributeType);
        return valueOff < 0 ? null : new String(buf, valueOff, attributeLength(valueOff), StandardCharsets.UTF_8);
    }

    /**
     * Decodes an XOR-encoded address (the layout of XOR-MAPPED-ADDRESS, which TURN's XOR-PEER-ADDRESS and
     * XOR-RELAYED-ADDRESS share) whose value starts at {@code valueOffset}; null for an unknown family or length.
     */
    public InetSocketAddress xorAddressAt(int valueOffset) {
        int valueLen = attributeLength(valueOffset);
        if (valueLen != XorAddress.IPV4_VALUE_LENGTH && valueLen != XorAddress.IPV6_VALUE_LENGTH) {
            return null;
        }
        return XorAddress.decode(buf, off, valueOffset, valueLen);
    }

    /** How many comprehension-required attributes this codec does not know (RFC 8489 section 6.3.1: answer 420). */
    public int unknownComprehensionRequiredCount() {
        return Math.min(unknownCount, MAX_RECORDED_UNKNOWN);
    }

    public int unknownComprehensionRequired(int index) {
        if (index < 0 || index >= unknownComprehensionRequiredCount()) {
            throw new IndexOutOfBoundsException(index);
        }
        return unknownRequired[index];
    }

    public boolean hasMessageIntegrity() {
        return integrityAttrOff >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintAttrOff >= 0;
    }

    /** Whether FINGERPRINT is present and matches; FINGERPRINT is last, so the header length needs no adjustment. */
    public boolean checkFingerprint() {
        if (fingerprintAttrOff < 0) {
            return false;
        }
        return StunBytes.i32(buf, fingerprintAttrOff + 4) == StunBytes.fingerprint(buf, off, fingerprintAttrOff - off);
    }

    /**
     * Whether MESSAGE-INTEGRITY is present and matches an HMAC-SHA1 computed with {@code keyedMac} (from
     * {@link StunCredentials#hmacSha1}). The HMAC covers the message up to the attribute with the header length set
     * as if MESSAGE-INTEGRITY were last (RFC 8489 section 14.5); the buffer is not modified.
     */
    public boolean checkMessageIntegrity(Mac keyedMac) {
        if (integrityAttrOff < 0) {
            return false;
        }
        int adjustedLength = integrityAttrOff + 4 + INTEGRITY_LENGTH - off - HEADER_LENGTH;
        keyedMac.reset();
        keyedMac.update(buf, off, 2);
        keyedMac.update((byte) (adjustedLength >>> 8));
        keyedMac.update((byte) adjustedLength);
        keyedMac.update(buf, off + 4, integrityAttrOff - off - 4);
        try {
            keyedMac.doFinal(digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("not an HMAC-SHA1: " + keyedMac.getAlgorithm(), e);
        }
        int diff = 0;
        for (int i = 0; i < INTEGRITY_LENGTH; i++) {
            diff |= digest[i] ^ buf[integrityAttrOff + 4 + i];
        }
        return diff == 0;
    }

    /** Convenience for tests and rare paths: keys a new HMAC with {@code key}. */
    public boolean checkMessageIntegrity(byte[] key) {
        return checkMessageIntegrity(StunCredentials.hmacSha1(key));
    }
}
