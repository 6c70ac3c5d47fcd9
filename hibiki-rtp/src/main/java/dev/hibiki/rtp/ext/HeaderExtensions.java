package dev.hibiki.rtp.ext;

import dev.hibiki.rtp.RtpPacket;

/** Allocation-free lookup used by the typed extension readers: the same walk as {@link HeaderExtensionCursor}. */
final class HeaderExtensions {
    private HeaderExtensions() {}

    static final long ABSENT = -1;

    /** Returns {@code dataOffset << 16 | dataLength} of the first element with {@code id}, or {@link #ABSENT}. */
    static long locate(RtpPacket p, int id) {
        if (!p.isWrapped() || p.extensionDataOffset() < 0 || id <= 0) {
            return ABSENT;
        }
        byte[] b = p.buffer();
        int profile = p.extensionProfile();
        int pos = p.extensionDataOffset();
        int end = pos + p.extensionDataLength();
        boolean twoByte;
        if (profile == HeaderExtensionCursor.ONE_BYTE_PROFILE) {
            twoByte = false;
        } else if ((profile & 0xFFF0) == HeaderExtensionCursor.TWO_BYTE_PROFILE) {
            twoByte = true;
        } else {
            return ABSENT;
        }
        while (pos < end) {
            int h = b[pos] & 0xFF;
            if (h == 0) {
                pos++;
                continue;
            }
            int elementId;
            int length;
            int start;
            if (twoByte) {
                if (pos + 2 > end) {
                    return ABSENT;
                }
                elementId = h;
                length = b[pos + 1] & 0xFF;
                start = pos + 2;
            } else {
                elementId = h >>> 4;
                if (elementId == 15) {
                    return ABSENT;
                }
                length = (h & 0x0F) + 1;
                start = pos + 1;
            }
            if (start + length > end) {
                return ABSENT;
            }
            if (elementId == id) {
                return ((long) start << 16) | length;
            }
            pos = start + length;
        }
        return ABSENT;
    }

    static int offset(long located) {
        return (int) (located >>> 16);
    }

    static int length(long located) {
        return (int) (located & 0xFFFF);
    }
}
