package dev.hibiki.srtp;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * One direction of an SRTP session: a jitsi context factory holding one master key, and the per-SSRC
 * crypto contexts derived from it on demand.
 */
final class SrtpStreams {
    /** A jitsi context plus the view it works through; both guarded by the stream's monitor. */
    private static final class RtpStream {
        final SrtpCryptoContext context;
        final PacketBuffer view = new PacketBuffer();

        RtpStream(SrtpCryptoContext context) {
            this.context = context;
        }

        synchronized int transform(byte[] buf, int off, int len, boolean protect) {
            view.wrap(buf, off, len);
            try {
                SrtpErrorStatus status = protect
                        ? context.transformPacket(view)
                        : context.reverseTransformPacket(view, false);
                return status == SrtpErrorStatus.OK ? view.getLength() : code(status);
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpStatus.FAILED;
            } finally {
                view.release();
            }
        }
    }

    private static final class RtcpStream {
        final SrtcpCryptoContext context;
        final PacketBuffer view = new PacketBuffer();

        RtcpStream(SrtcpCryptoContext context) {
            this.context = context;
        }

        synchronized int transform(byte[] buf, int off, int len, boolean protect) {
            view.wrap(buf, off, len);
            try {
                SrtpErrorStatus status = protect
                        ? context.transformPacket(view)
                        : context.reverseTransformPacket(view);
                return status == SrtpErrorStatus.OK ? view.getLength() : code(status);
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpStatus.FAILED;
            } finally {
                view.release();
            }
        }
    }

    private final SrtpContextFactory factory;
    private final boolean sender;
    private final int maxStreams;
    private final SsrcTable<RtpStream> rtp = new SsrcTable<>();
    private final SsrcTable<RtcpStream> rtcp = new SsrcTable<>();

    SrtpStreams(SrtpContextFactory factory, boolean sender, int maxStreams) {
        this.factory = factory;
        this.sender = sender;
        this.maxStreams = maxStreams;
    }

    /** Protects (sender) or unprotects (receiver) one RTP packet whose SSRC is {@code ssrc}. */
    int rtp(int ssrc, byte[] buf, int off, int len) {
        RtpStream stream = rtp.get(ssrc);
        if (stream != null) {
            return stream.transform(buf, off, len, sender);
        }
        if (rtp.size() >= maxStreams) {
            return SrtpStatus.TOO_MANY_STREAMS;
        }
        try {
            stream = new RtpStream(factory.deriveContext(ssrc, 0));
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpStatus.FAILED;
        }
        if (sender) {
            return rtp.putIfAbsent(ssrc, stream).transform(buf, off, len, true);
        }
        // A receive context is kept only once a packet authenticates, so forged SSRCs leave no state.
        int result = stream.transform(buf, off, len, false);
        if (result >= 0) {
            rtp.putIfAbsent(ssrc, stream);
        }
        return result;
    }

    /** Protects or unprotects one (compound) RTCP packet whose first sender SSRC is {@code ssrc}. */
    int rtcp(int ssrc, byte[] buf, int off, int len) {
        RtcpStream stream = rtcp.get(ssrc);
        if (stream != null) {
            return stream.transform(buf, off, len, sender);
        }
        if (rtcp.size() >= maxStreams) {
            return SrtpStatus.TOO_MANY_STREAMS;
        }
        try {
            stream = new RtcpStream(factory.deriveControlContext(ssrc));
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpStatus.FAILED;
        }
        if (sender) {
            return rtcp.putIfAbsent(ssrc, stream).transform(buf, off, len, true);
        }
        int result = stream.transform(buf, off, len, false);
        if (result >= 0) {
            rtcp.putIfAbsent(ssrc, stream);
        }
        return result;
    }

    int rtpStreamCount() {
        return rtp.size();
    }

    int rtcpStreamCount() {
        return rtcp.size();
    }

    void close() {
        rtp.clear();
        rtcp.clear();
        factory.close();
    }

    private static int code(SrtpErrorStatus status) {
        return switch (status) {
            case AUTH_FAIL -> SrtpStatus.AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> SrtpStatus.REPLAYED;
            case INVALID_PACKET -> SrtpStatus.INVALID_PACKET;
            default -> SrtpStatus.FAILED;
        };
    }
}
