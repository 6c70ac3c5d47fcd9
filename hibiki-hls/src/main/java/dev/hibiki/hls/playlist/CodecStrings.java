package dev.hibiki.hls.playlist;

import java.util.Locale;

/**
 * RFC 6381 codec strings for the CODECS attribute: {@code avc1.PPCCLL} (profile_idc, constraint flags byte,
 * level_idc in hex, as in the SPS) and {@code mp4a.40.2} for AAC-LC.
 */
public final class CodecStrings {
    public static final String AAC_LC = "mp4a.40.2";

    /** H.264 profiles ImageFlux offers (video.codec "h264_baseline" / "h264_main" / "h264_high"). */
    public enum H264Profile {
        /** Constrained Baseline: profile_idc 66 with constraint_set0 and constraint_set1, as x264 writes it. */
        BASELINE(66, 0xC0),
        MAIN(77, 0x40),
        HIGH(100, 0x00);

        public final int profileIdc;
        public final int constraintFlags;

        H264Profile(int profileIdc, int constraintFlags) {
            this.profileIdc = profileIdc;
            this.constraintFlags = constraintFlags;
        }

        /** From the ImageFlux name; null or unknown names give HIGH, the default. */
        public static H264Profile fromImageFlux(String codec) {
            if (codec == null) {
                return HIGH;
            }
            return switch (codec.toLowerCase(Locale.ROOT)) {
                case "h264_baseline" -> BASELINE;
                case "h264_main" -> MAIN;
                default -> HIGH;
            };
        }
    }

    /** H.264 Table A-1: level_idc, MaxMBPS, MaxFS, MaxBR (1000 bit/s units for Baseline/Main). */
    private static final int[][] LEVELS = {
            {10, 1485, 99, 64}, {11, 3000, 396, 192}, {12, 6000, 396, 384}, {13, 11880, 396, 768},
            {20, 11880, 396, 2000}, {21, 19800, 792, 4000}, {22, 20250, 1620, 4000},
            {30, 40500, 1620, 10000}, {31, 108000, 3600, 14000}, {32, 216000, 5120, 20000},
            {40, 245760, 8192, 20000}, {41, 245760, 8192, 50000}, {42, 522240, 8704, 50000},
            {50, 589824, 22080, 135000}, {51, 983040, 36864, 240000}, {52, 2073600, 36864, 240000},
            {60, 4177920, 139264, 240000}, {61, 8355840, 139264, 480000}, {62, 16711680, 139264, 800000},
    };

    private CodecStrings() {}

    public static String avc1(int profileIdc, int constraintFlags, int levelIdc) {
        return "avc1." + hex2(profileIdc) + hex2(constraintFlags) + hex2(levelIdc);
    }

    public static String avc1(H264Profile profile, int levelIdc) {
        return avc1(profile.profileIdc, profile.constraintFlags, levelIdc);
    }

    /**
     * From an SPS NAL unit (starting with its header byte 0x67), the exact string for what an encoder produced;
     * null when the bytes are not an SPS.
     */
    public static String avc1FromSps(byte[] nal, int off, int len) {
        if (nal == null || off < 0 || len < 4 || off + len > nal.length || (nal[off] & 0x1F) != 7) {
            return null;
        }
        return avc1(nal[off + 1] & 0xFF, nal[off + 2] & 0xFF, nal[off + 3] & 0xFF);
    }

    /**
     * The lowest H.264 level whose frame size, macroblock rate and bitrate limits (Table A-1, with the High
     * profile's 1.25 bitrate factor) fit the rendition; 62 when nothing fits.
     */
    public static int h264Level(H264Profile profile, int width, int height, double fps, long bitsPerSecond) {
        long widthMbs = (width + 15) / 16;
        long heightMbs = (height + 15) / 16;
        long frameMbs = widthMbs * heightMbs;
        double mbRate = frameMbs * fps;
        long brFactor = profile == H264Profile.HIGH ? 1250 : 1000;
        for (int[] level : LEVELS) {
            long maxSide = (long) Math.floor(Math.sqrt(8.0 * level[2]));
            if (frameMbs <= level[2] && widthMbs <= maxSide && heightMbs <= maxSide && mbRate <= level[1]
                    && bitsPerSecond <= (long) level[3] * brFactor) {
                return level[0];
            }
        }
        return 62;
    }

    /** "avc1.…,mp4a.40.2" for a rendition encoded with the given profile at the level it needs. */
    public static String h264Aac(H264Profile profile, int width, int height, double fps, long videoBps) {
        return avc1(profile, h264Level(profile, width, height, fps, videoBps)) + "," + AAC_LC;
    }

    private static String hex2(int v) {
        String s = Integer.toHexString(v & 0xFF);
        return s.length() == 1 ? "0" + s : s;
    }
}
