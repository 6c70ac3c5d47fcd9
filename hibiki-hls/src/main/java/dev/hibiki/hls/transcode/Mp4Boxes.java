package dev.hibiki.hls.transcode;

/** Walks the top-level boxes of ISO BMFF bytes (ISO/IEC 14496-12 §4.2). */
final class Mp4Boxes {
    private Mp4Boxes() {
    }

    /**
     * The offset of the first top-level box of a type, or the length of the data when there is none (or when a
     * box header is cut short or has a 64-bit or to-the-end size, which the mp4 muxer does not write here).
     */
    static int offsetOf(byte[] data, String type) {
        int at = 0;
        while (at + 8 <= data.length) {
            long size = ((data[at] & 0xFFL) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                    | (data[at + 3] & 0xFF);
            if (data[at + 4] == type.charAt(0) && data[at + 5] == type.charAt(1) && data[at + 6] == type.charAt(2)
                    && data[at + 7] == type.charAt(3)) {
                return at;
            }
            if (size < 8 || at + size > data.length) break;
            at += (int) size;
        }
        return data.length;
    }
}
