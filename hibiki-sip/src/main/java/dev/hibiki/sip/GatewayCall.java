package dev.hibiki.sip;

import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.sip.media.CallMedia;
import dev.hibiki.sip.media.MediaEvents;
import dev.hibiki.sip.media.MediaPlan;
import dev.hibiki.sip.media.MediaScheduler;
import dev.hibiki.sip.media.RtpPorts;
import dev.hibiki.sip.ua.CallSignals;
import dev.hibiki.sip.ua.OutboundCall;
import dev.hibiki.sip.ua.SdpAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/** One call of the gateway: its SIP side, its media once answered, and the status the API reports. */
final class GatewayCall implements CallSignals, MediaEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCall.class);

    private final CallRequest request;
    private final RtpPorts ports;
    private final Duration rtpTimeout;
    private final CallListener listener;
    private final MediaScheduler scheduler;
    private final OutboundAddressPolicy outbound;
    private final Instant created = Instant.now();
    private final long startNanos = System.nanoTime();
    private OutboundCall sip;

    private CallStatus status = CallStatus.TRYING;
    private Integer sipStatus;
    private String reason;
    private Instant established;
    private Instant ended;
    private volatile RtmpState rtmpState = RtmpState.IDLE;
    private volatile long setupMillis = -1;
    private CallMedia media;
    private String audioCodec;
    private String videoCodec;
    private boolean rtpTimedOut;
    /** Why the call ends as FAILED although the far end answered: a destination it led to is not allowed. */
    private String refusal;

    GatewayCall(CallRequest request, RtpPorts ports, Duration rtpTimeout, CallListener listener,
                MediaScheduler scheduler, OutboundAddressPolicy outbound) {
        this.request = request;
        this.scheduler = scheduler;
        this.outbound = outbound;
        this.ports = ports;
        this.rtpTimeout = rtpTimeout;
        this.listener = listener;
    }

    void attach(OutboundCall sip) {
        this.sip = sip;
    }

    OutboundCall sip() {
        return sip;
    }

    CallRequest request() {
        return request;
    }

    synchronized boolean isFinal() {
        return status.isFinal();
    }

    synchronized Instant endedAt() {
        return ended;
    }

    synchronized CallSnapshot snapshot() {
        CallSnapshot.MediaCounters counters = media == null
                ? new CallSnapshot.MediaCounters(0, 0, 0, audioCodec, videoCodec, 0, 0, 0, 0)
                : new CallSnapshot.MediaCounters(media.rtpPackets(), media.rtpBytes(), media.lostAudioPackets(),
                audioCodec, videoCodec, media.aacFrames(), media.videoFrames(), media.heldFrames(), media.reconnects());
        return new CallSnapshot(request.callId(), status, sipStatus, reason, request.callee(), request.rtmpUrl(),
                request.rtmpStream(), rtmpState, counters, created, established, ended, setupMillis);
    }

    @Override
    public void ringing(int code) {
        synchronized (this) {
            if (status != CallStatus.TRYING) return;
            status = CallStatus.RINGING;
            sipStatus = code;
        }
        publish();
    }

    @Override
    public void answered(SdpAnswer answer) {
        String refused = mediaRefusal(answer);
        synchronized (this) {
            if (status.isFinal()) return;
            sipStatus = 200;
            if (refused != null) {
                refusal = refused;
            } else if (answer.audio() == null) {
                reason = "the answer has no G.711 audio";
                finish(CallStatus.FAILED);
            } else {
                status = CallStatus.ESTABLISHED;
                established = Instant.now();
                audioCodec = answer.audioPayloadType() == 8 ? "PCMA" : "PCMU";
                videoCodec = answer.video() != null && ports.video() != null ? "H264" : null;
                rtmpState = RtmpState.CONNECTING;
                media = new CallMedia(request.callId(), new MediaPlan(ports, answer.audio(), answer.audioPayloadType(),
                        request.hasAudio(), answer.video(), videoCodec == null ? -1 : answer.videoPayloadType(),
                        request.hasVideo(), request.rtmpTarget(),
                        rtpTimeout, outbound), this, scheduler);
                media.remoteAudioChanged(answer.audio(), answer.audioSent());
                media.start();
            }
        }
        if (refused != null) {
            sip.hangUp("media address not allowed");
            return;
        }
        if (isFinal()) sip.hangUp("no usable audio");
        publish();
    }

    /**
     * Why the far end's media addresses may not be sent to (silence, the black picture and key frame requests go
     * there), or null. The far end chooses them, so they are checked like any address a tenant chooses.
     */
    private String mediaRefusal(SdpAnswer answer) {
        try {
            // nothing is sent to an unspecified address (on hold), so it needs no check
            if (MediaPlan.sendable(answer.audio())) {
                outbound.checkAddress("the answer's audio address", answer.audio().getAddress());
            }
            if (MediaPlan.sendable(answer.video())) {
                outbound.checkAddress("the answer's video address", answer.video().getAddress());
            }
            return null;
        } catch (DestinationNotAllowedException e) {
            LOG.warn("call {}: {} ({})", request.callId(), e.getMessage(), e.address());
            return e.getMessage();
        }
    }

    @Override
    public void mediaChanged(SdpAnswer answer) {
        LOG.info("call {}: re-INVITE, far end audio now {}{}", request.callId(), answer.audio(),
                answer.audioSent() ? "" : " (on hold: sends none)");
        String refused = mediaRefusal(answer);
        CallMedia m;
        synchronized (this) {
            if (refused != null && !status.isFinal()) refusal = refused;
            m = media;
        }
        if (refused != null) {
            if (m != null) m.close();
            sip.hangUp("media address not allowed");
            return;
        }
        if (m != null) m.remoteAudioChanged(answer.audio(), answer.audioSent());
    }

    @Override
    public void failed(int code, String why) {
        synchronized (this) {
            if (status.isFinal()) return;
            sipStatus = code;
            reason = why;
            finish(CallStatus.FAILED);
        }
        publish();
    }

    @Override
    public void ended(String why) {
        synchronized (this) {
            if (status.isFinal()) return;
            if (refusal != null) {
                reason = refusal;
                finish(CallStatus.FAILED);
            } else if (rtpTimedOut) {
                reason = "no RTP for " + rtpTimeout.toSeconds() + " s";
                finish(CallStatus.FAILED);
            } else {
                reason = why;
                finish(CallStatus.FINISHED);
            }
        }
        publish();
    }

    /** Moves to a final status and releases the media; the caller holds the lock and publishes afterwards. */
    private void finish(CallStatus finalStatus) {
        status = finalStatus;
        ended = Instant.now();
        if (media != null) media.close(); // its scheduler ends the publish and closes the ports
        else ports.close();
    }

    /** Hangs up from the API: BYE or CANCEL. */
    void terminate() {
        sip.hangUp("terminated");
    }

    @Override
    public void rtmpState(RtmpState state) {
        RtmpState before = rtmpState;
        rtmpState = state;
        if (before != state && state != RtmpState.CLOSED) publish();
    }

    @Override
    public void rtmpNotAllowed(String why) {
        synchronized (this) {
            if (status.isFinal()) return;
            refusal = "RTMP not connected: " + why;
        }
        sip.hangUp("RTMP target not allowed");
    }

    @Override
    public void firstAudioPublished() {
        setupMillis = (System.nanoTime() - startNanos) / 1_000_000L;
        LOG.info("call {}: first RTMP audio {} ms after the INVITE", request.callId(), setupMillis);
    }

    @Override
    public void rtpTimeout() {
        synchronized (this) {
            if (status.isFinal()) return;
            rtpTimedOut = true;
        }
        sip.hangUp("RTP timeout");
    }

    private void publish() {
        CallSnapshot s = snapshot();
        try {
            listener.onStatusChange(s);
        } catch (RuntimeException e) {
            LOG.warn("call listener failed: {}", e.toString());
        }
    }
}
