package dev.hibiki.sfu;

import dev.hibiki.sdp.MediaKind;

/** A stream a sender publishes, as seen from outside the SFU: what it carries, and a tap on its packets. */
public final class PublishedTrack {

    private final IncomingStream stream;

    PublishedTrack(IncomingStream stream) {
        this.stream = stream;
    }

    public MediaKind kind() {
        return stream.kind;
    }

    /** The negotiated codec's encoding name as in SDP: {@code opus}, {@code VP8}, {@code VP9}, {@code H264}, {@code AV1}. */
    public String codecName() {
        return stream.codec.name();
    }

    public int clockRate() {
        return stream.codec.clockRate();
    }

    /** The publishing connection's id. */
    public String connectionId() {
        return stream.publisher.id();
    }

    /** Starts handing this stream's packets and sender reports to {@code sink} (see {@link TrackSink}). */
    public void addSink(TrackSink sink) {
        stream.addSink(sink);
    }

    public void removeSink(TrackSink sink) {
        stream.removeSink(sink);
    }

    /** Asks the sender for a keyframe (PLI, FIR when PLIs go unanswered); rate-limited, any thread. */
    public void requestKeyframe() {
        stream.requestKeyframe(System.nanoTime());
    }
}
