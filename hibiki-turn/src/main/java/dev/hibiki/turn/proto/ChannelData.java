package dev.hibiki.turn.proto;

/**
 * The ChannelData message (RFC 8656 section 12.4): a channel number, a 16-bit data length, then the data. Over UDP
 * the datagram may carry padding after the data; over TCP and TLS the message is padded to a multiple of 4 bytes,
 * which the length field does not count.
 *
 * <p>Channel numbers: RFC 8656 narrowed RFC 5766's 0x4000..0x7FFF to 0x4000..0x4FFF, so that a client multiplexing
 * TURN with DTLS and SRTP on one socket (RFC 7983) can tell them apart. The choice is the client's, and clients
 * written to RFC 5766 (coturn's among them) still pick from the old range, so the server accepts it.
 */
public final class ChannelData {
    public static final int HEADER_LENGTH = 4;
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x7FFF;

    private ChannelData() {
    }

    /** Whether the first byte says ChannelData (top bits 01) rather than STUN (00). */
    public static boolean looksLikeChannelData(byte[] b, int off, int len) {
        return len >= HEADER_LENGTH && (b[off] & 0xC0) == 0x40;
    }

    public static boolean isValidChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    public static int channel(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    public static int dataLength(byte[] b, int off) {
        return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /**
     * Whether {@code b[off, off+len)} holds a complete ChannelData message on a valid channel: the length field
     * fits, and whatever follows the data is at most padding (a UDP datagram carries one message).
     */
    public static boolean isComplete(byte[] b, int off, int len) {
        if (!looksLikeChannelData(b, off, len) || !isValidChannel(channel(b, off))) {
            return false;
        }
        int messageLength = HEADER_LENGTH + dataLength(b, off);
        return messageLength <= len && len <= paddedLength(messageLength - HEADER_LENGTH);
    }

    public static void writeHeader(byte[] b, int off, int channel, int dataLength) {
        b[off] = (byte) (channel >>> 8);
        b[off + 1] = (byte) channel;
        b[off + 2] = (byte) (dataLength >>> 8);
        b[off + 3] = (byte) dataLength;
    }

    /** The length of the message with {@code dataLength} bytes of data once padded for a stream transport. */
    public static int paddedLength(int dataLength) {
        return (HEADER_LENGTH + dataLength + 3) & ~3;
    }
}
