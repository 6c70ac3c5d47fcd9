package dev.hibiki.ice.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * Encodes one STUN message at a time into its own reusable buffer: {@link #begin}, add attributes in order, then
 * optionally {@link #addMessageIntegrity} and {@link #addFingerprint} last. The header length is kept current after
 * every attribute. Not thread-safe. Running out of capacity is a programming error and throws
 * {@link IllegalStateException}.
 */
public final class StunMessageWriter {
    private final byte[] buf;
    private int pos;
    private byte padding;

    public StunMessageWriter(int capacity) {
        if (capacity < StunMessage.HEADER_LENGTH) {
            throw new IllegalArgumentException("capacity below a STUN header: " + capacity);
        }
        this.buf = new byte[capacity];
    }

    /**
     * The byte written into attribute padding; 0 by default. Receivers ignore it (RFC 8489 section 14); RFC 5769
     * vectors use spaces, hence the knob.
     */
    public StunMessageWriter paddingByte(int value) {
        this.padding = (byte) value;
        return this;
    }

    /** Starts a message of {@code messageType} with the transaction id at {@code transactionId[idOff, idOff+12)}. */
    public StunMessageWriter begin(int messageType, byte[] transactionId, int idOff) {
        pos = 0;
        ensure(StunMessage.HEADER_LENGTH);
        StunBytes.put16(buf, 0, messageType & 0x3FFF);
        StunBytes.put16(buf, 2, 0);
        StunBytes.put32(buf, 4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionId, idOff, buf, 8, StunMessage.TRANSACTION_ID_LENGTH);
        pos = StunMessage.HEADER_LENGTH;
        return this;
    }

    /** Starts a response to {@code request}, copying its transaction id. */
    public StunMessageWriter beginResponse(int messageType, StunMessage request) {
        return begin(messageType, request.buffer(), request.transactionIdOffset());
    }

    public StunMessageWriter addBytes(int attributeType, byte[] value, int off, int len) {
        int valueOff = attributeHeader(attributeType, len);
        System.arraycopy(value, off, buf, valueOff, len);
        return finishAttribute(valueOff, len);
    }

    public StunMessageWriter addString(int attributeType, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return addBytes(attributeType, bytes, 0, bytes.length);
    }

    public StunMessageWriter addUsername(String username) {
        return addString(StunAttribute.USERNAME, username);
    }

    public StunMessageWriter addSoftware(String software) {
        return addString(StunAttribute.SOFTWARE, software);
    }

    public StunMessageWriter addPriority(long priority) {
        int valueOff = attributeHeader(StunAttribute.PRIORITY, 4);
        StunBytes.put32(buf, valueOff, (int) priority);
        return finishAttribute(valueOff, 4);
    }

    public StunMessageWriter addUseCandidate() {
        int valueOff = attributeHeader(StunAttribute.USE_CANDIDATE, 0);
        return finishAttribute(valueOff, 0);
    }

    public StunMessageWriter addIceControlling(long tieBreaker) {
        return addTieBreaker(StunAttribute.ICE_CONTROLLING, tieBreaker);
    }

    public StunMessageWriter addIceControlled(long tieBreaker) {
        return addTieBreaker(StunAttribute.ICE_CONTROLLED, tieBreaker);
    }

    private StunMessageWriter addTieBreaker(int attributeType, long tieBreaker) {
        int valueOff = attributeHeader(attributeType, 8);
        StunBytes.put64(buf, valueOff, tieBreaker);
        return finishAttribute(valueOff, 8);
    }

    public StunMessageWriter addXorMappedAddress(InetSocketAddress address) {
        return addXorMappedAddress(address.getAddress(), address.getPort());
    }

    public StunMessageWriter addXorMappedAddress(InetAddress address, int port) {
        return addXorAddress(StunAttribute.XOR_MAPPED_ADDRESS, address, port);
    }

    /** An attribute of {@code attributeType} in the XOR-MAPPED-ADDRESS layout (TURN's XOR-PEER/RELAYED-ADDRESS). */
    public StunMessageWriter addXorAddress(int attributeType, InetSocketAddress address) {
        return addXorAddress(attributeType, address.getAddress(), address.getPort());
    }

    public StunMessageWriter addXorAddress(int attributeType, InetAddress address, int port) {
        int valueLen = address.getAddress().length + 4;
        int valueOff = attributeHeader(attributeType, valueLen);
        XorAddress.encode(buf, 0, valueOff, address, port);
        return finishAttribute(valueOff, valueLen);
    }

    /** A 4-byte attribute holding {@code value} big-endian (LIFETIME; a field and its reserved bytes, packed). */
    public StunMessageWriter addUint32(int attributeType, int value) {
        int valueOff = attributeHeader(attributeType, 4);
        StunBytes.put32(buf, valueOff, value);
        return finishAttribute(valueOff, 4);
    }

    /** ERROR-CODE with {@code code} in 300..699 and a UTF-8 reason phrase. */
    public StunMessageWriter addErrorCode(int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error codes are 300..699: " + code);
        }
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        int valueLen = 4 + phrase.length;
        int valueOff = attributeHeader(StunAttribute.ERROR_CODE, valueLen);
        buf[valueOff] = 0;
        buf[valueOff + 1] = 0;
        buf[valueOff + 2] = (byte) (code / 100);
        buf[valueOff + 3] = (byte) (code % 100);
        System.arraycopy(phrase, 0, buf, valueOff + 4, phrase.length);
        return finishAttribute(valueOff, valueLen);
    }

    /** UNKNOWN-ATTRIBUTES listing {@code types[0, count)} (RFC 8489 section 14.9), for 420 responses. */
    public StunMessageWriter addUnknownAttributes(int[] types, int count) {
        int valueLen = 2 * count;
        int valueOff = attributeHeader(StunAttribute.UNKNOWN_ATTRIBUTES, valueLen);
        for (int i = 0; i < count; i++) {
            StunBytes.put16(buf, valueOff + 2 * i, types[i]);
        }
        return finishAttribute(valueOff, valueLen);
    }

    /** Appends MESSAGE-INTEGRITY computed with {@code keyedMac} (HMAC-SHA1 keyed with the STUN key). */
    public StunMessageWriter addMessageIntegrity(Mac keyedMac) {
        int attrOff = pos;
        int valueOff = attributeHeader(StunAttribute.MESSAGE_INTEGRITY, StunMessage.INTEGRITY_LENGTH);
        // The header length must already cover the attribute being computed: finishing first does that.
        finishAttribute(valueOff, StunMessage.INTEGRITY_LENGTH);
        keyedMac.reset();
        keyedMac.update(buf, 0, attrOff);
        try {
            keyedMac.doFinal(buf, valueOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("no room for MESSAGE-INTEGRITY", e);
        }
        return this;
    }

    public StunMessageWriter addMessageIntegrity(byte[] key) {
        return addMessageIntegrity(StunCredentials.hmacSha1(key));
    }

    /** Appends FINGERPRINT; must be the last attribute. */
    public StunMessageWriter addFingerprint() {
        int attrOff = pos;
        int valueOff = attributeHeader(StunAttribute.FINGERPRINT, 4);
        finishAttribute(valueOff, 4);
        StunBytes.put32(buf, valueOff, StunBytes.fingerprint(buf, 0, attrOff));
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return pos;
    }

    public byte[] toByteArray() {
        byte[] copy = new byte[pos];
        System.arraycopy(buf, 0, copy, 0, pos);
        return copy;
    }

    private int attributeHeader(int attributeType, int valueLen) {
        if (pos < StunMessage.HEADER_LENGTH) {
            throw new IllegalStateException("begin() first");
        }
        if (valueLen > 0xFFFF) {
            throw new IllegalArgumentException("attribute value too long: " + valueLen);
        }
        ensure(4 + ((valueLen + 3) & ~3));
        StunBytes.put16(buf, pos, attributeType);
        StunBytes.put16(buf, pos + 2, valueLen);
        return pos + 4;
    }

    private StunMessageWriter finishAttribute(int valueOff, int valueLen) {
        int end = valueOff + valueLen;
        int paddedEnd = valueOff + ((valueLen + 3) & ~3);
        for (int i = end; i < paddedEnd; i++) {
            buf[i] = padding;
        }
        pos = paddedEnd;
        StunBytes.put16(buf, 2, pos - StunMessage.HEADER_LENGTH);
        return this;
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            throw new IllegalStateException("STUN message exceeds " + buf.length + " bytes");
        }
    }
}
