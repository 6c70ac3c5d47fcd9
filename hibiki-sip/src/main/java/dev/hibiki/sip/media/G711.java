package dev.hibiki.sip.media;

/** G.711 µ-law (PCMU, payload type 0) and A-law (PCMA, 8) decoding to float samples, through two 256-entry tables. */
public final class G711 {
    public static final int PCMU = 0;
    public static final int PCMA = 8;
    /** The µ-law byte of a zero sample: what a silent PCMU packet carries. */
    public static final byte ULAW_SILENCE = (byte) 0xFF;

    private static final float[] ULAW = new float[256];
    private static final float[] ALAW = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = ulawToLinear(i) / 32768f;
            ALAW[i] = alawToLinear(i) / 32768f;
        }
    }

    private G711() {
    }

    static int ulawToLinear(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    static int alawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    /** Whether this payload type is one of the two G.711 codecs. */
    public static boolean supports(int payloadType) {
        return payloadType == PCMU || payloadType == PCMA;
    }

    /** Decodes {@code len} bytes at {@code off} into {@code out} from {@code outOff}. */
    public static void decode(int payloadType, byte[] in, int off, int len, float[] out, int outOff) {
        float[] table = payloadType == PCMA ? ALAW : ULAW;
        for (int i = 0; i < len; i++) out[outOff + i] = table[in[off + i] & 0xFF];
    }
}
