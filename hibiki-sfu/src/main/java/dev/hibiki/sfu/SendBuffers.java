package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.RtxPacket;
import dev.hibiki.rtp.ext.HeaderExtensionCursor;
import dev.hibiki.rtp.ext.HeaderExtensionWriter;
import dev.hibiki.rtp.rtcp.RtcpCompoundBuilder;

/**
 * The scratch buffers (and the views and builders that work on them) of one {@link SendWorker}, shared by every
 * outgoing stream it serves. A worker builds, protects and sends one packet at a time, and the kernel has copied the
 * datagram when {@code sendto} returns, so one set per thread is enough; it stays in the CPU's cache, where a set per
 * stream (thousands of them) is a cache miss per packet.
 */
final class SendBuffers {
    /** The subscriber's copy of a media packet (or of a cached one being resent), rewritten and protected in place. */
    final byte[] packet = new byte[1500 + MediaTransport.SEND_HEADROOM + 64];
    /** An RTX retransmission built from {@link #packet}. */
    final byte[] rtx = new byte[1500 + RtxPacket.OSN_LENGTH + MediaTransport.SEND_HEADROOM + 64];
    /** A sender report. */
    final byte[] rtcp = new byte[128 + MediaTransport.SEND_HEADROOM];
    /** A view of {@link #packet} (or of {@link #rtx}'s source) while it is rewritten. */
    final RtpPacket out = new RtpPacket();
    /** The publisher's header extensions being copied ... */
    final HeaderExtensionCursor extensionsIn = new HeaderExtensionCursor();
    /** ... into the subscriber's (1 KB of scratch once per worker; one per outgoing stream would be 3 MB at 1,500 subscribers with audio and video). */
    final HeaderExtensionWriter extensionsOut = new HeaderExtensionWriter();
    /** Builds a sender report in {@link #rtcp}. */
    final RtcpCompoundBuilder rtcpBuilder = new RtcpCompoundBuilder();
}
