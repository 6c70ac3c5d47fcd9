package dev.hibiki.rtp.ext;

import dev.hibiki.rtp.Bytes;
import dev.hibiki.rtp.RtpPacket;

/**
 * Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): 16 bits counting
 * every packet on the transport. The SFU overwrites it in place on each packet it sends to a subscriber.
 */
public final class TransportCcExtension {
    public static final String URI =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final int LENGTH = 2;

    private TransportCcExtension() {}

    /** The sequence number 0..65535, or -1 when the packet has no such element (or it is shorter than 2 bytes). */
    public static int read(RtpPacket packet, int id) {
        long at = HeaderExtensions.locate(packet, id);
        if (at < 0 || HeaderExtensions.length(at) < LENGTH) {
            return -1;
        }
        return Bytes.u16(packet.buffer(), HeaderExtensions.offset(at));
    }

    /** Overwrites the sequence number in place; false when the packet has no such element. */
    public static boolean write(RtpPacket packet, int id, int seq) {
        long at = HeaderExtensions.locate(packet, id);
        if (at < 0 || HeaderExtensions.length(at) < LENGTH) {
            return false;
        }
        Bytes.put16(packet.buffer(), HeaderExtensions.offset(at), seq);
        return true;
    }
}
