package dev.hibiki.sip;

import dev.hibiki.sip.media.MediaScheduler;
import dev.hibiki.sip.media.RtpPorts;
import dev.hibiki.sip.ua.OutboundCall;
import dev.hibiki.sip.ua.SipUserAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The SIP→RTMP gateway: places calls on request, streams each one's media to its RTMP URL, and keeps the
 * registry of calls. A call id, and an RTMP URL+stream, belong to at most one call in progress; finished
 * calls stay visible to {@link #find} for {@link #RETENTION}, then are forgotten.
 */
public final class SipGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipGateway.class);
    static final Duration RETENTION = Duration.ofMinutes(10);

    private final GatewaySettings settings;
    private final SipUserAgent ua;
    private final RtpPorts.Allocator rtpPorts;
    private final CallListener listener;
    private final Registrations registrations;
    private final MediaScheduler media = MediaScheduler.perCore();
    private final java.util.LinkedHashMap<String, GatewayCall> calls = new java.util.LinkedHashMap<>();

    private SipGateway(GatewaySettings settings, SipUserAgent ua, CallListener listener) {
        this.settings = settings;
        this.ua = ua;
        this.rtpPorts = new RtpPorts.Allocator(settings.address(), settings.rtpPortMin(), settings.rtpPortMax());
        this.listener = listener;
        this.registrations = new Registrations(ua, settings.registerExpiry());
    }

    /** Starts the SIP user agent. */
    public static SipGateway start(GatewaySettings settings, CallListener listener) throws IOException {
        try {
            return new SipGateway(settings, new SipUserAgent(settings.address(), settings.sipPort(), settings.outbound()), listener);
        } catch (Exception e) {
            throw new IOException("SIP user agent cannot listen on " + settings.address().getHostAddress() + ":"
                    + settings.sipPort() + ": " + e.getMessage(), e);
        }
    }

    /** The port SIP listens on (UDP and TCP). */
    public int sipPort() {
        return ua.port();
    }

    /**
     * Places the call; returns at once with its first snapshot (TRYING). Progress is reported to the listener.
     *
     * @throws CallConflictException the call id or the RTMP target is taken by a call in progress
     * @throws IOException           no RTP port is free
     */
    public CallSnapshot startCall(CallRequest request) throws CallConflictException, IOException {
        GatewayCall call;
        synchronized (this) {
            purgeOld();
            GatewayCall existing = calls.get(request.callId());
            if (existing != null && !existing.isFinal()) {
                throw new CallConflictException("callId " + request.callId() + " is already in use by a call in progress",
                        request.callId());
            }
            for (GatewayCall c : calls.values()) {
                if (!c.isFinal() && c.request().rtmpTarget().equals(request.rtmpTarget())) {
                    throw new CallConflictException("rtmpUrl + rtmpStream " + request.rtmpTarget()
                            + " is already being published by call " + c.request().callId(), c.request().callId());
                }
            }
            RtpPorts ports = rtpPorts.open(request.hasVideo());
            call = new GatewayCall(request, ports, settings.rtpTimeout(), listener, media, settings.outbound());
            calls.remove(request.callId());
            calls.put(request.callId(), call);
            OutboundCall sip = new OutboundCall(ua, request.account(), request.callee(), request.toStream(),
                    ports.audioPort(), request.hasAudio(), request.hasVideo() ? ports.videoPort() : 0,
                    request.hasVideo(), call);
            call.attach(sip);
        }
        CallSnapshot first = call.snapshot();
        listener.onStatusChange(first);
        if (request.account().registerRequired()) {
            registrations.whenRegistered(request.account(), () -> call.sip().start(),
                    (code, reason) -> call.failed(code, "REGISTER failed: " + reason));
        } else {
            call.sip().start();
        }
        LOG.info("call {}: INVITE to {} for {}", request.callId(), request.callee(), request.rtmpTarget());
        return first;
    }

    /** Hangs the call up (BYE, or CANCEL while unanswered); empty when no such call exists. */
    public Optional<CallSnapshot> terminate(String callId) {
        GatewayCall call;
        synchronized (this) {
            call = calls.get(callId);
        }
        if (call == null) return Optional.empty();
        if (!call.isFinal()) call.terminate();
        return Optional.of(call.snapshot());
    }

    public synchronized Optional<CallSnapshot> find(String callId) {
        GatewayCall call = calls.get(callId);
        return call == null ? Optional.empty() : Optional.of(call.snapshot());
    }

    /** Every call, oldest first. */
    public List<CallSnapshot> findAll() {
        List<GatewayCall> all;
        synchronized (this) {
            purgeOld();
            all = new ArrayList<>(calls.values());
        }
        List<CallSnapshot> out = new ArrayList<>(all.size());
        for (GatewayCall c : all) out.add(c.snapshot());
        out.sort(Comparator.comparing(CallSnapshot::created));
        return out;
    }

    /** Calls not yet FAILED or FINISHED. */
    public synchronized int activeCalls() {
        int n = 0;
        for (GatewayCall c : calls.values()) if (!c.isFinal()) n++;
        return n;
    }

    private void purgeOld() {
        Instant cutoff = Instant.now().minus(RETENTION);
        calls.values().removeIf(c -> c.isFinal() && c.endedAt() != null && c.endedAt().isBefore(cutoff));
    }

    /** Hangs up every call, then stops the user agent. */
    @Override
    public void close() {
        List<GatewayCall> all;
        synchronized (this) {
            all = new ArrayList<>(calls.values());
        }
        for (GatewayCall c : all) if (!c.isFinal()) c.terminate();
        registrations.close();
        ua.close();
        media.close();
    }
}
