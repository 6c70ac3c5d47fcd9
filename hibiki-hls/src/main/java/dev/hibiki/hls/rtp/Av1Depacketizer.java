package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;

import java.util.Arrays;

/**
 * AV1 (AOM "RTP Payload Format for AV1" v1.0): reads the aggregation header (Z, Y, W, N) and the OBU elements,
 * joins OBUs fragmented across packets, and writes a temporal unit in the low-overhead bitstream format (AV1
 * spec §5.2): a temporal delimiter first, then every OBU with obu_has_size_field=1 and its LEB128 size. A
 * temporal unit is the packets of one timestamp, closed by the marker bit.
 *
 * <p>Temporal delimiters, tile lists and padding OBUs from the sender are dropped (the format says they should
 * not be sent). With spatial scalability only OBUs of spatial layer 0 (or without extension header) are kept.
 * Keyframe: the N bit on the first packet, or a sequence header followed by a frame whose frame_type is
 * KEY_FRAME. The latest sequence header is remembered and put in front of a keyframe that lacks one.
 */
public final class Av1Depacketizer extends VideoDepacketizer {
    static final int OBU_SEQUENCE_HEADER = 1;
    static final int OBU_TEMPORAL_DELIMITER = 2;
    static final int OBU_FRAME_HEADER = 3;
    static final int OBU_FRAME = 6;
    static final int OBU_TILE_LIST = 8;
    static final int OBU_PADDING = 15;

    private final FrameBuffer obu = new FrameBuffer(16 * 1024);
    private boolean fragmentPending;
    private boolean newSequence;
    private boolean hasSequenceHeader;
    private int firstFrameType;
    private boolean reducedStillPictureHeader;
    private byte[] sequenceHeader;

    public Av1Depacketizer(FrameListener listener) {
        super(listener);
    }

    @Override
    public EncodedFrame.Codec codec() {
        return EncodedFrame.Codec.AV1;
    }

    /** Z=0: the first OBU element is not the tail of an OBU from an earlier packet. */
    @Override
    protected boolean startsFrame(byte[] buf, int off, int len) {
        return len >= 2 && (buf[off] & 0x80) == 0;
    }

    @Override
    protected void beginFrame(byte[] buf, int off, int len) {
        fragmentPending = false;
        hasSequenceHeader = false;
        firstFrameType = -1;
        newSequence = (buf[off] & 0x08) != 0;
        frame.append(OBU_TEMPORAL_DELIMITER << 3 | 0x02);
        frame.append(0);
    }

    @Override
    protected boolean append(byte[] buf, int off, int len) {
        int aggregation = buf[off] & 0xFF;
        boolean continuesFirst = (aggregation & 0x80) != 0;
        boolean lastContinues = (aggregation & 0x40) != 0;
        int w = (aggregation >>> 4) & 0x03;
        if (continuesFirst != fragmentPending) {
            return false;
        }
        int pos = off + 1;
        int end = off + len;
        int element = 0;
        while (pos < end) {
            element++;
            int size;
            if (w != 0 && element == w) {
                size = end - pos;
            } else {
                long value = 0;
                int shift = 0;
                int b;
                do {
                    if (pos >= end || shift > 28) {
                        return false;
                    }
                    b = buf[pos++] & 0xFF;
                    value |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                if (value > end - pos) {
                    return false;
                }
                size = (int) value;
            }
            boolean continuation = element == 1 && continuesFirst;
            if (!continuation) {
                obu.reset();
            }
            if (!obu.append(buf, pos, size)) {
                return false;
            }
            pos += size;
            boolean last = pos >= end;
            if (last && lastContinues) {
                fragmentPending = true;
            } else {
                fragmentPending = false;
                if (!writeObu()) {
                    return false;
                }
            }
        }
        return w == 0 || element == w;
    }

    /** Copies the joined OBU from {@link #obu} into the frame in low-overhead format; false if malformed. */
    private boolean writeObu() {
        byte[] b = obu.array();
        int size = obu.size();
        if (size == 0) {
            return true;
        }
        int header = b[0] & 0xFF;
        if ((header & 0x80) != 0) {
            return false;
        }
        int type = (header >>> 3) & 0x0F;
        boolean extension = (header & 0x04) != 0;
        boolean hasSize = (header & 0x02) != 0;
        int headerLength = extension ? 2 : 1;
        if (size < headerLength) {
            return false;
        }
        int payload = headerLength;
        int payloadSize = size - headerLength;
        if (hasSize) {
            long value = 0;
            int shift = 0;
            int v;
            do {
                if (payload >= size || shift > 28) {
                    return false;
                }
                v = b[payload++] & 0xFF;
                value |= (long) (v & 0x7F) << shift;
                shift += 7;
            } while ((v & 0x80) != 0);
            if (value > size - payload) {
                return false;
            }
            payloadSize = (int) value;
        }
        if (type == OBU_TEMPORAL_DELIMITER || type == OBU_TILE_LIST || type == OBU_PADDING) {
            return true;
        }
        if (extension && ((b[1] >>> 3) & 0x03) != 0) {
            return true;
        }
        int written = frame.size();
        boolean ok = frame.append(header | 0x02)
                && (!extension || frame.append(b[1]))
                && frame.appendLeb128(payloadSize)
                && frame.append(b, payload, payloadSize);
        if (!ok) {
            return false;
        }
        if (type == OBU_SEQUENCE_HEADER && payloadSize > 0) {
            hasSequenceHeader = true;
            reducedStillPictureHeader = (b[payload] & 0x08) != 0;
            sequenceHeader = Arrays.copyOfRange(frame.array(), written, frame.size());
        } else if ((type == OBU_FRAME || type == OBU_FRAME_HEADER) && firstFrameType < 0 && payloadSize > 0) {
            firstFrameType = frameType(b[payload] & 0xFF);
        }
        return true;
    }

    /** frame_type from the first bits of an uncompressed header (AV1 spec §5.9.2); 4 for show_existing_frame. */
    private int frameType(int firstByte) {
        if (reducedStillPictureHeader) {
            return 0;
        }
        if ((firstByte & 0x80) != 0) {
            return 4;
        }
        return (firstByte >>> 5) & 0x03;
    }

    @Override
    protected boolean endFrame() {
        return !fragmentPending && frame.size() > 2;
    }

    @Override
    protected boolean isKeyframe() {
        boolean key = newSequence || (hasSequenceHeader && firstFrameType == 0);
        return key && (hasSequenceHeader || sequenceHeader != null);
    }

    @Override
    protected byte[] frameData() {
        if (hasSequenceHeader || sequenceHeader == null || !isKeyframe()) {
            return frame.toByteArray();
        }
        byte[] out = new byte[frame.size() + sequenceHeader.length];
        System.arraycopy(frame.array(), 0, out, 0, 2);
        System.arraycopy(sequenceHeader, 0, out, 2, sequenceHeader.length);
        System.arraycopy(frame.array(), 2, out, 2 + sequenceHeader.length, frame.size() - 2);
        return out;
    }
}
