package dev.hibiki.sctp;

import java.nio.charset.StandardCharsets;

/**
 * The Data Channel Establishment Protocol's two messages (RFC 8832 section 5), sent with PPID 50 on the channel's
 * stream: DATA_CHANNEL_OPEN, which names the channel and how it delivers, and DATA_CHANNEL_ACK.
 *
 * @param channelType the reliability type byte: 0x00 reliable, 0x01 limited retransmissions, 0x02 limited lifetime;
 *     plus 0x80 for unordered
 * @param priority the channel's priority (RFC 8832 section 5.1); kept, not used for scheduling
 * @param reliabilityParameter retransmissions or milliseconds, by channel type
 */
record DcepMessage(int channelType, int priority, long reliabilityParameter, String label, String protocol) {
    static final int PPID = 50;
    static final int TYPE_ACK = 0x02;
    static final int TYPE_OPEN = 0x03;
    static final int RELIABLE = 0x00;
    static final int PARTIAL_RELIABLE_REXMIT = 0x01;
    static final int PARTIAL_RELIABLE_TIMED = 0x02;
    static final int UNORDERED = 0x80;
    private static final int OPEN_HEADER = 12;
    private static final byte[] ACK = {TYPE_ACK};

    static DcepMessage open(String label, DataChannelOptions o) {
        int type = o.maxRetransmits() != null ? PARTIAL_RELIABLE_REXMIT
                : o.maxPacketLifeTimeMs() != null ? PARTIAL_RELIABLE_TIMED : RELIABLE;
        long parameter = o.maxRetransmits() != null ? o.maxRetransmits()
                : o.maxPacketLifeTimeMs() != null ? o.maxPacketLifeTimeMs() : 0;
        return new DcepMessage(type | (o.ordered() ? 0 : UNORDERED), 256, parameter, label, o.protocol());
    }

    static byte[] ack() {
        return ACK.clone();
    }

    boolean ordered() {
        return (channelType & UNORDERED) == 0;
    }

    Integer maxRetransmits() {
        return (channelType & 0x7f) == PARTIAL_RELIABLE_REXMIT ? (int) Math.min(reliabilityParameter, Integer.MAX_VALUE)
                : null;
    }

    Integer maxPacketLifeTimeMs() {
        return (channelType & 0x7f) == PARTIAL_RELIABLE_TIMED ? (int) Math.min(reliabilityParameter, Integer.MAX_VALUE)
                : null;
    }

    byte[] encode() {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[OPEN_HEADER + l.length + p.length];
        b[0] = TYPE_OPEN;
        b[1] = (byte) channelType;
        b[2] = (byte) (priority >>> 8);
        b[3] = (byte) priority;
        for (int i = 0; i < 4; i++) {
            b[4 + i] = (byte) (reliabilityParameter >>> (24 - 8 * i));
        }
        b[8] = (byte) (l.length >>> 8);
        b[9] = (byte) l.length;
        b[10] = (byte) (p.length >>> 8);
        b[11] = (byte) p.length;
        System.arraycopy(l, 0, b, OPEN_HEADER, l.length);
        System.arraycopy(p, 0, b, OPEN_HEADER + l.length, p.length);
        return b;
    }

    /** A DATA_CHANNEL_OPEN, or null if {@code b} is not a well-formed one. */
    static DcepMessage parseOpen(byte[] b) {
        if (b.length < OPEN_HEADER || b[0] != TYPE_OPEN) {
            return null;
        }
        int type = b[1] & 0xff;
        if ((type & 0x7f) > PARTIAL_RELIABLE_TIMED) {
            return null;
        }
        int labelLength = SctpPacket.u16(b, 8);
        int protocolLength = SctpPacket.u16(b, 10);
        if (OPEN_HEADER + labelLength + protocolLength > b.length) {
            return null;
        }
        return new DcepMessage(type, SctpPacket.u16(b, 2), SctpPacket.u32(b, 4),
                new String(b, OPEN_HEADER, labelLength, StandardCharsets.UTF_8),
                new String(b, OPEN_HEADER + labelLength, protocolLength, StandardCharsets.UTF_8));
    }

    static boolean isAck(byte[] b) {
        return b.length >= 1 && b[0] == TYPE_ACK;
    }
}
