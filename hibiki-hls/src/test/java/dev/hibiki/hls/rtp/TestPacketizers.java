package dev.hibiki.hls.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sender-side packetizers written from the payload format specs, independent of the code under test, so the
 * depacketizers can be checked on a round trip. Frames are 1/30 s apart (3000 ticks at 90 kHz).
 */
final class TestPacketizers {
    static final int TICKS_PER_FRAME = 3000;

    private TestPacketizers() {}

    /** RFC 7741 with an extended descriptor and a 15-bit picture id, or the 1-byte descriptor. */
    static List<byte[]> vp8(List<byte[]> frames, int seq, long ts, int maxPayload, boolean extended) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            int descriptor = extended ? 4 : 1;
            for (int pos = 0; pos < frame.length; ) {
                int n = Math.min(maxPayload - descriptor, frame.length - pos);
                byte[] payload = new byte[descriptor + n];
                payload[0] = (byte) ((extended ? 0x80 : 0) | (pos == 0 ? 0x10 : 0));
                if (extended) {
                    int pictureId = (100 + i) & 0x7FFF;
                    payload[1] = (byte) 0x80;
                    payload[2] = (byte) (0x80 | pictureId >>> 8);
                    payload[3] = (byte) pictureId;
                }
                System.arraycopy(frame, pos, payload, descriptor, n);
                pos += n;
                packets.add(Rtp.packet(96, (seq++) & 0xFFFF, ts + (long) i * TICKS_PER_FRAME & 0xFFFFFFFFL, Rtp.SSRC,
                        pos == frame.length, payload));
            }
        }
        return packets;
    }

    static boolean isVp9Keyframe(byte[] frame) {
        return (frame[0] & 0xFC) == 0x80;
    }

    /** RFC 9628 flexible mode as libwebrtc sends a single-layer stream: picture id, P_DIFF 1, SS on keyframes. */
    static List<byte[]> vp9(List<byte[]> frames, int seq, long ts, int maxPayload) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            boolean key = isVp9Keyframe(frame);
            for (int pos = 0; pos < frame.length; ) {
                ByteArrayOutputStream d = new ByteArrayOutputStream();
                boolean first = pos == 0;
                d.write(0);
                int pictureId = (7000 + i) & 0x7FFF;
                d.write(0x80 | pictureId >>> 8);
                d.write(pictureId);
                if (!key) {
                    d.write(1 << 1);
                }
                if (key && first) {
                    d.write(0x18);
                    d.write(320 >>> 8);
                    d.write(320 & 0xFF);
                    d.write(240 >>> 8);
                    d.write(240 & 0xFF);
                    d.write(1);
                    d.write(0x00);
                }
                byte[] descriptor = d.toByteArray();
                int n = Math.min(maxPayload - descriptor.length, frame.length - pos);
                boolean last = pos + n == frame.length;
                descriptor[0] = (byte) (0x80 | (key ? 0 : 0x40) | 0x10 | (first ? 0x08 : 0) | (last ? 0x04 : 0)
                        | (key && first ? 0x02 : 0));
                byte[] payload = Arrays.copyOf(descriptor, descriptor.length + n);
                System.arraycopy(frame, pos, payload, descriptor.length, n);
                pos += n;
                packets.add(Rtp.packet(98, (seq++) & 0xFFFF, ts + (long) i * TICKS_PER_FRAME & 0xFFFFFFFFL, Rtp.SSRC,
                        last, payload));
            }
        }
        return packets;
    }

    /** RFC 6184 mode 1: small NAL units aggregated in STAP-A, large ones split in FU-A, others single. */
    static List<byte[]> h264(List<List<byte[]>> accessUnits, int seq, long ts, int maxPayload) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < accessUnits.size(); i++) {
            List<byte[]> payloads = new ArrayList<>();
            List<byte[]> stap = new ArrayList<>();
            int stapSize = 1;
            for (byte[] nal : accessUnits.get(i)) {
                if (!stap.isEmpty() && stapSize + 2 + nal.length > maxPayload) {
                    payloads.add(stapOrSingle(stap));
                    stap.clear();
                    stapSize = 1;
                }
                if (nal.length > maxPayload) {
                    payloads.addAll(fuA(nal, maxPayload));
                } else {
                    stap.add(nal);
                    stapSize += 2 + nal.length;
                }
            }
            if (!stap.isEmpty()) {
                payloads.add(stapOrSingle(stap));
            }
            for (int k = 0; k < payloads.size(); k++) {
                packets.add(Rtp.packet(102, (seq++) & 0xFFFF, ts + (long) i * TICKS_PER_FRAME & 0xFFFFFFFFL,
                        Rtp.SSRC, k == payloads.size() - 1, payloads.get(k)));
            }
        }
        return packets;
    }

    private static byte[] stapOrSingle(List<byte[]> nals) {
        if (nals.size() == 1) {
            return nals.get(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int nri = 0;
        for (byte[] n : nals) {
            nri = Math.max(nri, n[0] & 0x60);
        }
        out.write(nri | 24);
        for (byte[] n : nals) {
            out.write(n.length >>> 8);
            out.write(n.length);
            out.write(n, 0, n.length);
        }
        return out.toByteArray();
    }

    static List<byte[]> fuA(byte[] nal, int maxPayload) {
        List<byte[]> out = new ArrayList<>();
        int indicator = (nal[0] & 0xE0) | 28;
        int type = nal[0] & 0x1F;
        for (int pos = 1; pos < nal.length; ) {
            int n = Math.min(maxPayload - 2, nal.length - pos);
            byte[] p = new byte[2 + n];
            p[0] = (byte) indicator;
            p[1] = (byte) ((pos == 1 ? 0x80 : 0) | (pos + n == nal.length ? 0x40 : 0) | type);
            System.arraycopy(nal, pos, p, 2, n);
            pos += n;
            out.add(p);
        }
        return out;
    }

    /**
     * AV1 RTP format: temporal delimiters dropped, OBUs sent without size field, elements length-prefixed
     * (W=0), or with W set to the element count when a packet holds 1 to 3 of them; fragments carry Z/Y; N on
     * the first packet of a temporal unit with a sequence header.
     */
    static List<byte[]> av1(List<byte[]> temporalUnits, int seq, long ts, int maxPayload, boolean useW) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < temporalUnits.size(); i++) {
            List<byte[]> elements = new ArrayList<>();
            boolean sequenceHeader = false;
            byte[] tu = temporalUnits.get(i);
            int pos = 0;
            while (pos < tu.length) {
                int header = tu[pos] & 0xFF;
                int type = (header >>> 3) & 0x0F;
                int headerLength = (header & 0x04) != 0 ? 2 : 1;
                int p = pos + headerLength;
                long size = 0;
                int shift = 0;
                int b;
                do {
                    b = tu[p++] & 0xFF;
                    size |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                if (type != 2) {
                    byte[] e = new byte[headerLength + (int) size];
                    e[0] = (byte) (header & ~0x02);
                    if (headerLength == 2) {
                        e[1] = tu[pos + 1];
                    }
                    System.arraycopy(tu, p, e, headerLength, (int) size);
                    elements.add(e);
                    sequenceHeader |= type == 1;
                }
                pos = p + (int) size;
            }
            List<List<byte[]>> packetElements = new ArrayList<>();
            List<Boolean> startsWithFragment = new ArrayList<>();
            List<Boolean> endsWithFragment = new ArrayList<>();
            List<byte[]> current = new ArrayList<>();
            int used = 1;
            boolean z = false;
            for (byte[] e : elements) {
                int off = 0;
                while (off < e.length) {
                    int room = maxPayload - used - 2;
                    if (room < 1) {
                        packetElements.add(current);
                        startsWithFragment.add(z);
                        endsWithFragment.add(off > 0);
                        z = off > 0;
                        current = new ArrayList<>();
                        used = 1;
                        continue;
                    }
                    int n = Math.min(room, e.length - off);
                    current.add(Arrays.copyOfRange(e, off, off + n));
                    used += 2 + n;
                    off += n;
                }
            }
            packetElements.add(current);
            startsWithFragment.add(z);
            endsWithFragment.add(false);
            for (int k = 0; k < packetElements.size(); k++) {
                List<byte[]> els = packetElements.get(k);
                int w = useW && els.size() <= 3 ? els.size() : 0;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write((startsWithFragment.get(k) ? 0x80 : 0) | (endsWithFragment.get(k) ? 0x40 : 0) | w << 4
                        | (k == 0 && sequenceHeader ? 0x08 : 0));
                for (int j = 0; j < els.size(); j++) {
                    byte[] e = els.get(j);
                    if (!(w != 0 && j == els.size() - 1)) {
                        writeLeb128(out, e.length);
                    }
                    out.write(e, 0, e.length);
                }
                packets.add(Rtp.packet(45, (seq++) & 0xFFFF, ts + (long) i * TICKS_PER_FRAME & 0xFFFFFFFFL,
                        Rtp.SSRC, k == packetElements.size() - 1, out.toByteArray()));
            }
        }
        return packets;
    }

    static void writeLeb128(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }
}
