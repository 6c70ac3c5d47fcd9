package dev.hibiki.sip.media;

import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.sip.RtmpState;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The media of one established call, serviced by a {@link MediaScheduler} thread every 20 ms: RTP in (audio through the jitter buffer and G.711
 * decoding, video through H.264 depacketizing), AAC encoding on a 20 ms real-time tick, and the RTMP publish.
 * The tick runs whether packets come or not, so silence fills every pause and the RTMP stream stays continuous;
 * a broken RTMP connection is re-made every {@link #RECONNECT_MILLIS} while the call lasts.
 */
public final class CallMedia implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallMedia.class);
    private static final long TICK_NANOS = MediaScheduler.TICK_NANOS;
    private static final long RECONNECT_MILLIS = 1000;
    /** How long a video call waits for SPS/PPS before it starts publishing audio alone. */
    private static final long VIDEO_PARAMETER_WAIT_NANOS = 3_000_000_000L;
    /**
     * When the far end's video pauses for longer than this (on the audio timeline), its last key frame is written
     * again, and again after each further such pause, so the RTMP video track goes on.
     */
    private static final long HELD_FRAME_MILLIS = 1000;
    /** Real frames in a row that land at or before the last written video time, before the video timeline re-anchors. */
    private static final int FRAMES_BEHIND_BEFORE_REBASE = 5;
    /** CDNs ask for a key frame at least every 2 to 4 seconds; a passed-through stream gets them by asking. */
    private static final long KEY_FRAME_REQUEST_NANOS = 2_000_000_000L;

    private final String callId;
    private final MediaPlan plan;
    private final MediaEvents events;
    private final AudioJitterBuffer jitter = new AudioJitterBuffer();
    private final H264Depacketizer h264;
    private final RtpPacket rtp = new RtpPacket();
    // direct: a heap buffer makes every receive copy through a temporary direct one
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(2048);
    private final byte[] packetBytes = new byte[2048];
    private final float[] decoded = new float[2048];
    private final float[] frame = new float[AudioJitterBuffer.FRAME_SAMPLES];
    private final MediaScheduler scheduler;
    private volatile boolean running = true;
    private volatile boolean remoteSending = true;
    private long nextTick;
    private final Object connectLock = new Object();
    private volatile boolean connecting;
    private volatile RtmpOutput connectedOutput;
    /** The RTMP host is not allowed: no more connection attempts. */
    private volatile boolean refused;
    private boolean closed;

    private AacEncoder encoder;
    private RtmpOutput output;
    private volatile RtmpState rtmpState = RtmpState.CONNECTING;
    private volatile long nextConnectNanos;
    private boolean announcedFirstAudio;
    private long startNanos;
    private long lastRtpNanos;
    // video timestamps are placed on the audio timeline from the first video packet on
    private long videoBase = -1;
    private long videoOffsetMillis;
    private long lastVideoMillis = -1;
    // real frames in a row whose time lay at or before the last written one (their clock stood still or restarted)
    private int framesBehind;

    private final SilenceSender silence;
    private final VideoFiller videoFiller;
    private int ticks;
    private byte[] lastKeyFrame;
    private boolean keyFrameSent;
    private long videoSsrc = -1;
    private final long ownSsrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private long lastKeyFrameRequest;

    // counters, read by other threads
    private volatile long rtpPackets;
    private volatile long rtpBytes;
    private volatile long aacFrames;
    private volatile long videoFrames;
    private volatile long heldFrames;
    private volatile long reconnects;
    private volatile long expectedAudioPackets;

    public CallMedia(String callId, MediaPlan plan, MediaEvents events, MediaScheduler scheduler) {
        this.callId = callId;
        this.plan = plan;
        this.events = events;
        this.scheduler = scheduler;
        this.h264 = plan.hasVideo() ? new H264Depacketizer(this::videoAccessUnit) : null;
        this.silence = plan.sendAudio() && plan.remoteAudio() != null
                ? new SilenceSender(plan.ports().audio(), plan.remoteAudio(), plan.audioPayloadType()) : null;
        this.videoFiller = plan.sendVideo() && plan.hasVideo() && plan.remoteVideo() != null
                ? new VideoFiller(plan.ports().video(), plan.remoteVideo(), plan.videoPayloadType()) : null;
    }

    /** Hands the call to a scheduler thread; its media flows from the next tick on. */
    public void start() {
        encoder = new AacEncoder();
        startNanos = System.nanoTime();
        lastRtpNanos = startNanos;
        nextTick = startNanos;
        scheduler.add(this);
    }

    /**
     * One pass of the scheduler: takes what arrived, plays the ticks that are due. Returns false once the call's
     * media is over (closed, or no RTP for too long).
     */
    boolean service(long now) {
        if (!running) return false;
        try {
            receive(plan.ports().audio(), true);
            if (plan.hasVideo()) receive(plan.ports().video(), false);
        } catch (IOException e) {
            LOG.warn("call {}: media stopped: {}", callId, e.toString());
            return false;
        }
        RtmpOutput connected = connectedOutput;
        if (connected != null) {
            connectedOutput = null;
            output = connected;
            setState(RtmpState.PUBLISHING);
            requestKeyFrame(now);
        }
        if (now - nextTick > 1_000_000_000L) nextTick = now; // stalled for a second: skip ahead
        while (running && now - nextTick >= 0) {
            tick(now);
            nextTick += TICK_NANOS;
        }
        if (!remoteSending) lastRtpNanos = now; // on hold: no RTP is expected
        if (running && now - lastRtpNanos > plan.rtpTimeout().toNanos()) {
            running = false;
            events.rtpTimeout();
        }
        return running;
    }

    /** Called by the scheduler once the call left it: ends the publish (off the media thread) and frees all. */
    void release() {
        RtmpOutput last = output;
        output = null;
        AacEncoder enc = encoder;
        encoder = null;
        scheduler.blocking().execute(() -> {
            synchronized (connectLock) {
                closed = true;
                if (last != null) last.close();
                RtmpOutput late = connectedOutput;
                connectedOutput = null;
                if (late != null) late.close();
                if (enc != null) enc.close();
            }
            plan.ports().close();
            setState(RtmpState.CLOSED);
        });
    }

    private void receive(DatagramChannel channel, boolean audio) throws IOException {
        while (true) {
            receiveBuffer.clear();
            if (channel.receive(receiveBuffer) == null) return;
            int len = receiveBuffer.position();
            receiveBuffer.flip();
            receiveBuffer.get(packetBytes, 0, len);
            if (!rtp.wrap(packetBytes, 0, len)) continue;
            int pt = rtp.payloadType();
            if (pt >= 72 && pt <= 76) continue; // RTCP multiplexed on the RTP port
            rtpPackets++;
            rtpBytes += len;
            lastRtpNanos = System.nanoTime();
            if (audio) {
                if (!G711.supports(pt)) continue; // telephone-event, comfort noise
                int n = Math.min(rtp.payloadLength(), decoded.length);
                G711.decode(pt, rtp.buffer(), rtp.payloadOffset(), n, decoded, 0);
                jitter.write(rtp.ssrc(), rtp.timestamp(), decoded, n);
                expectedAudioPackets++;
            } else if (pt == plan.videoPayloadType()) {
                videoSsrc = rtp.ssrc();
                h264.packet(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength(), rtp.sequenceNumber(),
                        rtp.timestamp(), rtp.marker());
            }
        }
    }

    private void tick(long now) {
        if (output == null && !connecting && !refused && now - nextConnectNanos >= 0) connect(now);
        if (output != null && now - lastKeyFrameRequest > KEY_FRAME_REQUEST_NANOS) requestKeyFrame(now);
        jitter.read(frame);
        encoder.encode(frame, frame.length, this::audioPacket);
        holdVideo();
        if (silence != null) silence.send();
        if (videoFiller != null && ticks % 50 == 0) videoFiller.send();
        ticks++;
    }

    /** Opens the publish on the blocking pool; {@link #service} picks the result up. */
    private void connect(long now) {
        byte[] parameterSets = null;
        H264Sps size = null;
        if (plan.hasVideo()) {
            parameterSets = h264.parameterSets();
            size = h264.size();
            if (size == null) parameterSets = null;
            if (parameterSets == null && now - startNanos < VIDEO_PARAMETER_WAIT_NANOS) return;
        }
        connecting = true;
        byte[] sets = parameterSets;
        int width = size == null ? 0 : size.width();
        int height = size == null ? 0 : size.height();
        AacEncoder audio = encoder;
        scheduler.blocking().execute(() -> {
            // under the lock: release() must not free the encoder while the muxer copies its parameters
            synchronized (connectLock) {
                try {
                    if (!closed) {
                        // looked up before every attempt, and FFmpeg is given the address that was checked
                        RtmpTarget target = RtmpTarget.parse(plan.rtmpTarget());
                        InetAddress address = plan.outbound().resolve(target.host()).getFirst();
                        connectedOutput = new RtmpOutput(target, address, audio.context(), sets, width, height);
                    }
                } catch (DestinationNotAllowedException e) {
                    LOG.warn("call {}: RTMP {} not connected: {} ({})", callId, plan.rtmpTarget(), e.getMessage(),
                            e.address());
                    refused = true;
                    events.rtmpNotAllowed(e.getMessage());
                } catch (MediaException | UnknownHostException | IllegalArgumentException e) {
                    LOG.info("call {}: RTMP {} not reachable ({}); retrying", callId, plan.rtmpTarget(), e.getMessage());
                    nextConnectNanos = System.nanoTime() + RECONNECT_MILLIS * 1_000_000L;
                    if (rtmpState == RtmpState.PUBLISHING || rtmpState == RtmpState.RECONNECTING) reconnects++;
                    setState(RtmpState.RECONNECTING);
                } finally {
                    connecting = false;
                }
            }
        });
    }

    private void audioPacket(AVPacket packet) {
        if (output == null) return;
        if (!output.writeAudio(packet)) {
            brokenOutput();
            return;
        }
        aacFrames++;
        if (!announcedFirstAudio) {
            announcedFirstAudio = true;
            events.firstAudioPublished();
        }
    }

    private void videoAccessUnit(byte[] data, int length, long timestamp, boolean keyFrame) {
        if (keyFrame) {
            lastKeyFrame = java.util.Arrays.copyOf(data, length);
        }
        if (output == null || !output.hasVideo()) return;
        if (!keyFrameSent) {
            if (!keyFrame) {
                if (lastKeyFrame == null) return;
                // the publish opened after the IDR went by: start it with that IDR so players can decode at once
                // (placed just before this frame: its own time may lie seconds back)
                writeVideo(lastKeyFrame, lastKeyFrame.length, timestamp - 3000, true);
            }
            keyFrameSent = true;
        }
        writeVideo(data, length, timestamp, keyFrame);
    }

    private void writeVideo(byte[] data, int length, long timestamp, boolean keyFrame) {
        long playedMillis = jitter.playedSamples() / 8;
        if (videoBase < 0) {
            videoBase = timestamp;
            videoOffsetMillis = playedMillis;
        }
        long millis = videoOffsetMillis + (((int) (timestamp - videoBase)) & 0xFFFFFFFFL) / 90;
        if (millis > lastVideoMillis) {
            framesBehind = 0;
        } else if (++framesBehind < FRAMES_BEHIND_BEFORE_REBASE) {
            // a frame or two that waited in the far end through a pause carry the old time: squeeze them in after held frames
            millis = lastVideoMillis + 1;
        } else {
            // the far end's clock did not run through a pause or restarted: its video goes on from here
            framesBehind = 0;
            videoBase = timestamp;
            videoOffsetMillis = Math.max(playedMillis, lastVideoMillis + 1);
            millis = videoOffsetMillis;
        }
        if (writeVideoAt(data, length, millis, keyFrame)) videoFrames++;
    }

    /**
     * The held-frame filler: once a key frame went out, a pause of the far end's video longer than
     * {@link #HELD_FRAME_MILLIS} repeats that key frame at the current audio time, once per such pause, until real
     * frames come again.
     */
    private void holdVideo() {
        if (output == null || !output.hasVideo() || !keyFrameSent || lastKeyFrame == null || lastVideoMillis < 0) return;
        long playedMillis = jitter.playedSamples() / 8;
        if (playedMillis - lastVideoMillis <= HELD_FRAME_MILLIS) return;
        if (writeVideoAt(lastKeyFrame, lastKeyFrame.length, playedMillis, true)) heldFrames++;
    }

    private boolean writeVideoAt(byte[] data, int length, long millis, boolean keyFrame) {
        lastVideoMillis = millis;
        if (!output.writeVideo(data, length, millis * 90, keyFrame)) {
            brokenOutput();
            return false;
        }
        return true;
    }

    /**
     * Asks the far end for a key frame (RTCP PLI, RFC 4585, to its RTCP port): whenever a publish starts, and every
     * {@link #KEY_FRAME_REQUEST_NANOS} after, so viewers that join the RTMP stream later get one soon.
     */
    private void requestKeyFrame(long now) {
        if (!plan.hasVideo() || !MediaPlan.sendable(plan.remoteVideo()) || videoSsrc < 0) return;
        lastKeyFrameRequest = now;
        byte[] pli = new byte[dev.hibiki.rtp.rtcp.PliPacket.LENGTH];
        int n = dev.hibiki.rtp.rtcp.PliPacket.write(pli, 0, ownSsrc, videoSsrc);
        try {
            plan.ports().video().send(ByteBuffer.wrap(pli, 0, n), new InetSocketAddress(plan.remoteVideo().getAddress(),
                    plan.remoteVideo().getPort() + 1));
        } catch (IOException e) {
            // best effort; the next request follows
        }
    }

    private void brokenOutput() {
        LOG.info("call {}: RTMP connection to {} broke; reconnecting", callId, plan.rtmpTarget());
        closeOutput();
        reconnects++;
        nextConnectNanos = System.nanoTime() + RECONNECT_MILLIS * 1_000_000L;
        setState(RtmpState.RECONNECTING);
    }

    private void closeOutput() {
        keyFrameSent = false;
        RtmpOutput broken = output;
        output = null;
        if (broken != null) scheduler.blocking().execute(broken::close);
    }

    private synchronized void setState(RtmpState state) {
        if (state == rtmpState) return;
        rtmpState = state;
        events.rtmpState(state);
    }

    public long rtpPackets() {
        return rtpPackets;
    }

    public long rtpBytes() {
        return rtpBytes;
    }

    public long lostAudioPackets() {
        // 20 ms packets expected for the time played, minus those that came
        long expected = Math.max(0, (jitter.playedSamples() - AudioJitterBuffer.DELAY_SAMPLES) / AudioJitterBuffer.FRAME_SAMPLES);
        return expectedAudioPackets == 0 ? 0 : Math.max(0, expected - expectedAudioPackets) + jitter.latePackets();
    }

    public long aacFrames() {
        return aacFrames;
    }

    public long videoFrames() {
        return videoFrames;
    }

    /** Repeated key frames written to RTMP while the far end's video paused. */
    public long heldFrames() {
        return heldFrames;
    }

    public long reconnects() {
        return reconnects;
    }

    /**
     * The far end changed its media (re-INVITE): silence goes to its new address, and while it says it sends
     * nothing (hold) the RTP timeout waits.
     */
    public void remoteAudioChanged(InetSocketAddress address, boolean sending) {
        if (silence != null && address != null) silence.remote = address;
        remoteSending = sending;
    }

    /** Stops the media; the publish ends and the ports close shortly after, off the caller's thread. */
    @Override
    public void close() {
        running = false;
    }

    /** Keeps the far end's RTP timers happy on {@code sendrecv} audio: one silent G.711 packet every 20 ms. */
    private static final class SilenceSender {
        private final DatagramChannel channel;
        private volatile InetSocketAddress remote;
        private final ByteBuffer packet = ByteBuffer.allocate(12 + AudioJitterBuffer.FRAME_SAMPLES);
        private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
        private int timestamp = ThreadLocalRandom.current().nextInt();

        SilenceSender(DatagramChannel channel, InetSocketAddress remote, int payloadType) {
            this.channel = channel;
            this.remote = remote;
            byte silent = payloadType == G711.PCMA ? (byte) 0xD5 : G711.ULAW_SILENCE;
            packet.put(0, (byte) 0x80);
            packet.put(1, (byte) payloadType);
            packet.putInt(8, ThreadLocalRandom.current().nextInt());
            for (int i = 12; i < packet.capacity(); i++) packet.put(i, silent);
        }

        void send() {
            if (!MediaPlan.sendable(remote)) return;
            packet.putShort(2, (short) sequence++);
            packet.putInt(4, timestamp);
            timestamp += AudioJitterBuffer.FRAME_SAMPLES;
            packet.clear();
            try {
                channel.send(packet, remote);
            } catch (IOException e) {
                // the far end's port may be closed for a moment; RTP is best effort
            }
        }
    }
}
