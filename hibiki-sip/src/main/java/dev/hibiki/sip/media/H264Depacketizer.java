package dev.hibiki.sip.media;

import java.io.ByteArrayOutputStream;

/**
 * Reassembles H.264 access units (Annex B) from RTP (RFC 6184): single NAL units, STAP-A and FU-A. An access unit
 * ends at the marker bit or when the timestamp changes. After a lost packet, units are dropped until the next
 * IDR, so the stream passed through never references a broken picture. Remembers the newest SPS and PPS, which
 * the FLV sequence header needs. One thread only.
 */
public final class H264Depacketizer {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    /** Receives complete access units; {@code data} is valid only during the call. */
    public interface Sink {
        void accessUnit(byte[] data, int length, long timestamp, boolean keyFrame);
    }

    private final Sink sink;
    private final ByteArrayOutputStream unit = new ByteArrayOutputStream(64 * 1024);
    private byte[] sps;
    private byte[] pps;
    private long timestamp = -1;
    private int lastSequence = -1;
    private boolean broken;
    private boolean keyFrame;
    private boolean waitingForKeyFrame = true;
    private boolean inFragment;
    private long units;

    public H264Depacketizer(Sink sink) {
        this.sink = sink;
    }

    public void packet(byte[] buf, int off, int len, int sequence, long timestamp, boolean marker) {
        if (lastSequence >= 0 && ((lastSequence + 1) & 0xFFFF) != sequence) broken = true;
        lastSequence = sequence;
        if (timestamp != this.timestamp && unit.size() > 0) emit();
        this.timestamp = timestamp;
        if (len < 1) return;
        int type = buf[off] & 0x1F;
        if (type >= 1 && type <= 23) {
            nal(buf, off, len);
        } else if (type == 24) { // STAP-A: 16-bit size before each NAL unit
            int p = off + 1;
            int end = off + len;
            while (p + 2 <= end) {
                int size = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
                p += 2;
                if (size == 0 || p + size > end) break;
                nal(buf, p, size);
                p += size;
            }
        } else if (type == 28 && len >= 2) { // FU-A
            boolean start = (buf[off + 1] & 0x80) != 0;
            boolean end = (buf[off + 1] & 0x40) != 0;
            int nalType = buf[off + 1] & 0x1F;
            if (start) {
                unit.write(START_CODE, 0, 4);
                unit.write((buf[off] & 0xE0) | nalType);
                if (nalType == 5) keyFrame = true;
                inFragment = true;
            } else if (!inFragment) {
                broken = true;
            }
            if (inFragment) unit.write(buf, off + 2, len - 2);
            if (end) inFragment = false;
        }
        if (marker) emit();
    }

    private void nal(byte[] buf, int off, int len) {
        int type = buf[off] & 0x1F;
        if (type == 7) sps = java.util.Arrays.copyOfRange(buf, off, off + len);
        if (type == 8) pps = java.util.Arrays.copyOfRange(buf, off, off + len);
        if (type == 5) keyFrame = true;
        unit.write(START_CODE, 0, 4);
        unit.write(buf, off, len);
    }

    private void emit() {
        if (unit.size() > 0) {
            if (keyFrame && !broken) waitingForKeyFrame = false;
            if (broken) waitingForKeyFrame = true;
            if (!waitingForKeyFrame) {
                units++;
                sink.accessUnit(unitBytes(), unit.size(), timestamp, keyFrame);
            }
        }
        unit.reset();
        keyFrame = false;
        broken = false;
        inFragment = false;
    }

    private byte[] unitBytes() {
        return unit.toByteArray();
    }

    /** SPS and PPS in Annex B, or null until both were seen. */
    public byte[] parameterSets() {
        if (sps == null || pps == null) return null;
        byte[] out = new byte[8 + sps.length + pps.length];
        System.arraycopy(START_CODE, 0, out, 0, 4);
        System.arraycopy(sps, 0, out, 4, sps.length);
        System.arraycopy(START_CODE, 0, out, 4 + sps.length, 4);
        System.arraycopy(pps, 0, out, 8 + sps.length, pps.length);
        return out;
    }

    /** The picture size of the newest SPS, or null. */
    H264Sps size() {
        return sps == null ? null : H264Sps.parse(sps);
    }

    public boolean waitingForKeyFrame() {
        return waitingForKeyFrame;
    }

    public long units() {
        return units;
    }
}
