package dev.hibiki.sip.media;

/**
 * The picture size a H.264 sequence parameter set declares (ITU-T H.264 7.3.2.1.1), which the FLV muxer wants
 * before the first frame.
 */
record H264Sps(int width, int height) {

    /** @param nal the SPS NAL unit, header byte included; null when it cannot be read */
    static H264Sps parse(byte[] nal) {
        try {
            Bits b = new Bits(unescape(nal));
            b.skip(8); // NAL header
            int profile = b.bits(8);
            b.skip(16); // constraint flags, level
            b.ue(); // seq_parameter_set_id
            int chromaFormat = 1;
            if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                    || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139 || profile == 134) {
                chromaFormat = b.ue();
                if (chromaFormat == 3) b.skip(1);
                b.ue(); // bit depth luma
                b.ue(); // bit depth chroma
                b.skip(1);
                if (b.bits(1) == 1) { // scaling matrices
                    for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                        if (b.bits(1) == 1) skipScalingList(b, i < 6 ? 16 : 64);
                    }
                }
            }
            b.ue(); // log2_max_frame_num
            int pocType = b.ue();
            if (pocType == 0) {
                b.ue();
            } else if (pocType == 1) {
                b.skip(1);
                b.se();
                b.se();
                int n = b.ue();
                for (int i = 0; i < n; i++) b.se();
            }
            b.ue(); // max_num_ref_frames
            b.skip(1);
            int widthMbs = b.ue() + 1;
            int heightMapUnits = b.ue() + 1;
            int frameMbsOnly = b.bits(1);
            if (frameMbsOnly == 0) b.skip(1);
            b.skip(1); // direct_8x8_inference
            int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
            if (b.bits(1) == 1) {
                cropLeft = b.ue();
                cropRight = b.ue();
                cropTop = b.ue();
                cropBottom = b.ue();
            }
            int cropX = chromaFormat == 0 || chromaFormat == 3 ? 1 : 2;
            int cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
            int width = widthMbs * 16 - cropX * (cropLeft + cropRight);
            int height = (2 - frameMbsOnly) * heightMapUnits * 16 - cropY * (cropTop + cropBottom);
            return width > 0 && height > 0 ? new H264Sps(width, height) : null;
        } catch (ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static void skipScalingList(Bits b, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) next = (last + b.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /** Drops the emulation prevention bytes (00 00 03 → 00 00). */
    private static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (byte v : nal) {
            if (zeros >= 2 && v == 3) {
                zeros = 0;
                continue;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            out[n++] = v;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static final class Bits {
        private final byte[] data;
        private int pos;

        Bits(byte[] data) {
            this.data = data;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | ((data[pos >> 3] >> (7 - (pos & 7))) & 1);
                pos++;
            }
            return v;
        }

        void skip(int n) {
            pos += n;
        }

        int ue() {
            int zeros = 0;
            while (bits(1) == 0) zeros++;
            return (1 << zeros) - 1 + (zeros == 0 ? 0 : bits(zeros));
        }

        int se() {
            int v = ue();
            return (v & 1) == 1 ? (v + 1) / 2 : -(v / 2);
        }
    }
}
