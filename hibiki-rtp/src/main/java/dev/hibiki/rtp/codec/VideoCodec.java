package dev.hibiki.rtp.codec;

import dev.hibiki.rtp.RtpPacket;

/**
 * The video codecs the SFU forwards, each with allocation-free keyframe and frame-start checks on an RTP
 * payload. See {@link Vp8Descriptor}, {@link Vp9Descriptor}, {@link H264Payload} and {@link Av1Payload} for
 * what each check means for that codec.
 */
public enum VideoCodec {
    VP8 {
        @Override
        public boolean isKeyframe(byte[] buf, int off, int len) {
            return Vp8Descriptor.isKeyframe(buf, off, len);
        }

        @Override
        public boolean isStartOfFrame(byte[] buf, int off, int len) {
            return Vp8Descriptor.isStartOfFrame(buf, off, len);
        }
    },
    VP9 {
        @Override
        public boolean isKeyframe(byte[] buf, int off, int len) {
            return Vp9Descriptor.isKeyframe(buf, off, len);
        }

        @Override
        public boolean isStartOfFrame(byte[] buf, int off, int len) {
            return Vp9Descriptor.isStartOfFrame(buf, off, len);
        }
    },
    H264 {
        @Override
        public boolean isKeyframe(byte[] buf, int off, int len) {
            return H264Payload.isKeyframe(buf, off, len);
        }

        @Override
        public boolean isStartOfFrame(byte[] buf, int off, int len) {
            return H264Payload.isStartOfFrame(buf, off, len);
        }
    },
    AV1 {
        @Override
        public boolean isKeyframe(byte[] buf, int off, int len) {
            return Av1Payload.isKeyframe(buf, off, len);
        }

        @Override
        public boolean isStartOfFrame(byte[] buf, int off, int len) {
            return Av1Payload.isStartOfFrame(buf, off, len);
        }
    };

    /** True when the payload {@code buf[off .. off+len)} begins a keyframe. Never throws. */
    public abstract boolean isKeyframe(byte[] buf, int off, int len);

    /** True when the payload is the first packet of a frame, as far as the payload format tells. Never throws. */
    public abstract boolean isStartOfFrame(byte[] buf, int off, int len);

    public boolean isKeyframe(RtpPacket packet) {
        return isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    }

    public boolean isStartOfFrame(RtpPacket packet) {
        return isStartOfFrame(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
    }

    /** The codec for an SDP rtpmap encoding name ("VP8", "vp9", "H264", "AV1", "AV1X"), or null. */
    public static VideoCodec fromEncodingName(String name) {
        if (name == null) {
            return null;
        }
        switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "VP8":
                return VP8;
            case "VP9":
                return VP9;
            case "H264":
                return H264;
            case "AV1":
            case "AV1X":
                return AV1;
            default:
                return null;
        }
    }
}
