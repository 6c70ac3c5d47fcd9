package dev.hibiki.sctp;

/** Chunk type numbers and flag bits (RFC 9260 section 3.2, RFC 3758, RFC 6525). */
final class Chunk {
    static final int DATA = 0;
    static final int INIT = 1;
    static final int INIT_ACK = 2;
    static final int SACK = 3;
    static final int HEARTBEAT = 4;
    static final int HEARTBEAT_ACK = 5;
    static final int ABORT = 6;
    static final int SHUTDOWN = 7;
    static final int SHUTDOWN_ACK = 8;
    static final int ERROR = 9;
    static final int COOKIE_ECHO = 10;
    static final int COOKIE_ACK = 11;
    static final int SHUTDOWN_COMPLETE = 14;
    static final int RE_CONFIG = 130;
    static final int FORWARD_TSN = 192;

    /** DATA: the last fragment of a message. */
    static final int FLAG_END = 0x01;
    /** DATA: the first fragment of a message. */
    static final int FLAG_BEGIN = 0x02;
    /** DATA: delivered out of order. */
    static final int FLAG_UNORDERED = 0x04;
    /** ABORT, SHUTDOWN-COMPLETE: the verification tag is the receiver's own, reflected. */
    static final int FLAG_TAG_REFLECTED = 0x01;

    /** DATA chunk header: type, flags, length, TSN, stream id, SSN, PPID. */
    static final int DATA_HEADER = 16;
    static final int HEADER = 4;

    /** Error cause "Unrecognized Chunk Type" (RFC 9260 section 3.3.10.6). */
    static final int CAUSE_UNRECOGNIZED_CHUNK = 6;
    /** Error cause "User-Initiated Abort" (RFC 9260 section 3.3.10.12). */
    static final int CAUSE_USER_ABORT = 12;
    /** Error cause "Protocol Violation" (RFC 9260 section 3.3.10.13). */
    static final int CAUSE_PROTOCOL_VIOLATION = 13;

    private Chunk() {}

    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
