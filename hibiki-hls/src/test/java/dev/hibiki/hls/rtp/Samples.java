package dev.hibiki.hls.rtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Readers for the encoder output kept in src/test/resources/samples (12 frames of ffmpeg's testsrc at 320x240,
 * keyframe every 6 frames, made with ffmpeg 5.1: libx264 baseline with 2 slices per frame as raw Annex B,
 * libvpx VP8 and libvpx-vp9 in IVF, libaom AV1 as a low-overhead OBU stream).
 */
final class Samples {
    private Samples() {}

    static byte[] resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The NAL units of an Annex B stream (without start codes). */
    static List<byte[]> nalUnits(byte[] annexB) {
        List<Integer> starts = new ArrayList<>();
        List<Integer> codeStarts = new ArrayList<>();
        for (int i = 0; i + 3 <= annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                codeStarts.add(i > 0 && annexB[i - 1] == 0 ? i - 1 : i);
                starts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> nals = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? codeStarts.get(k + 1) : annexB.length;
            nals.add(Arrays.copyOfRange(annexB, starts.get(k), end));
        }
        return nals;
    }

    /** Access units: an SPS, SEI, AUD or slice with first_mb_in_slice 0 opens a new one after a slice. */
    static List<List<byte[]>> accessUnits(byte[] annexB) {
        List<List<byte[]>> units = new ArrayList<>();
        List<byte[]> current = null;
        for (byte[] nal : nalUnits(annexB)) {
            int type = nal[0] & 0x1F;
            boolean opener = type == 6 || type == 7 || type == 9 || ((type == 1 || type == 5) && (nal[1] & 0x80) != 0);
            if (current == null || (opener && containsSlice(current))) {
                current = new ArrayList<>();
                units.add(current);
            }
            current.add(nal);
        }
        return units;
    }

    private static boolean containsSlice(List<byte[]> unit) {
        for (byte[] nal : unit) {
            int type = nal[0] & 0x1F;
            if (type == 1 || type == 5) {
                return true;
            }
        }
        return false;
    }

    static byte[] annexB(List<byte[]> nals) {
        int size = 0;
        for (byte[] n : nals) {
            size += 4 + n.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] n : nals) {
            out[pos + 3] = 1;
            System.arraycopy(n, 0, out, pos + 4, n.length);
            pos += 4 + n.length;
        }
        return out;
    }

    /** The frames of an IVF file. */
    static List<byte[]> ivfFrames(byte[] ivf) {
        int headerLength = (ivf[6] & 0xFF) | (ivf[7] & 0xFF) << 8;
        List<byte[]> frames = new ArrayList<>();
        int pos = headerLength;
        while (pos + 12 <= ivf.length) {
            int size = (ivf[pos] & 0xFF) | (ivf[pos + 1] & 0xFF) << 8 | (ivf[pos + 2] & 0xFF) << 16
                    | (ivf[pos + 3] & 0xFF) << 24;
            frames.add(Arrays.copyOfRange(ivf, pos + 12, pos + 12 + size));
            pos += 12 + size;
        }
        return frames;
    }

    /** IVF file around frames (fourcc "VP80"/"VP90"/"AV01"), timestamps counting frames. */
    static byte[] ivf(String fourcc, int width, int height, List<byte[]> frames) {
        int size = 32;
        for (byte[] f : frames) {
            size += 12 + f.length;
        }
        byte[] out = new byte[size];
        System.arraycopy("DKIF".getBytes(), 0, out, 0, 4);
        out[6] = 32;
        System.arraycopy(fourcc.getBytes(), 0, out, 8, 4);
        out[12] = (byte) width;
        out[13] = (byte) (width >>> 8);
        out[14] = (byte) height;
        out[15] = (byte) (height >>> 8);
        out[16] = 30;
        out[20] = 1;
        out[24] = (byte) frames.size();
        int pos = 32;
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            out[pos] = (byte) f.length;
            out[pos + 1] = (byte) (f.length >>> 8);
            out[pos + 2] = (byte) (f.length >>> 16);
            out[pos + 3] = (byte) (f.length >>> 24);
            out[pos + 4] = (byte) i;
            System.arraycopy(f, 0, out, pos + 12, f.length);
            pos += 12 + f.length;
        }
        return out;
    }

    /** Temporal units of a low-overhead OBU stream: each starts at a temporal delimiter. */
    static List<byte[]> temporalUnits(byte[] obus) {
        List<byte[]> units = new ArrayList<>();
        int pos = 0;
        int unitStart = 0;
        while (pos < obus.length) {
            int header = obus[pos] & 0xFF;
            int type = (header >>> 3) & 0x0F;
            int p = pos + 1 + ((header & 0x04) != 0 ? 1 : 0);
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = obus[p++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (type == 2 && pos > unitStart) {
                units.add(Arrays.copyOfRange(obus, unitStart, pos));
                unitStart = pos;
            }
            pos = p + (int) size;
        }
        units.add(Arrays.copyOfRange(obus, unitStart, obus.length));
        return units;
    }

    static byte[] concat(List<byte[]> parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
