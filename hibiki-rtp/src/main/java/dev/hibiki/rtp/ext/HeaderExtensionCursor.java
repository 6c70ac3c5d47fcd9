package dev.hibiki.rtp.ext;

import dev.hibiki.rtp.Bytes;
import dev.hibiki.rtp.RtpPacket;

/**
 * Walks the elements of an RFC 8285 header extension block, one-byte (profile 0xBEDE) or two-byte (0x100X),
 * without allocating. Reusable: call {@link #reset} for each packet, then {@link #next} until it returns false.
 *
 * <p>Zero bytes between elements are padding and skipped. In the one-byte form the reserved id 15 ends the
 * walk (RFC 8285 §4.2). An element whose length runs past the block ends the walk too; {@link #malformed()} then
 * tells the caller the block was cut short.
 */
public final class HeaderExtensionCursor {
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** Two-byte form: the upper 12 bits of the profile; the low 4 bits are "appbits". */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buf;
    private int pos;
    private int end;
    private boolean twoByte;
    private boolean malformed;
    private int id;
    private int dataOffset;
    private int dataLength;

    /** Starts on the extension block of {@code packet}; false when it has none or its profile is not RFC 8285. */
    public boolean reset(RtpPacket packet) {
        if (!packet.isWrapped() || packet.extensionDataOffset() < 0) {
            return fail();
        }
        return reset(packet.buffer(), packet.extensionDataOffset(), packet.extensionDataLength(),
                packet.extensionProfile());
    }

    /** Starts on extension data {@code buf[off .. off+len)} announced with {@code profile}. */
    public boolean reset(byte[] buf, int off, int len, int profile) {
        if (!Bytes.inBounds(buf, off, len)) {
            return fail();
        }
        if (profile == ONE_BYTE_PROFILE) {
            twoByte = false;
        } else if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            twoByte = true;
        } else {
            return fail();
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.malformed = false;
        this.id = 0;
        return true;
    }

    private boolean fail() {
        buf = null;
        pos = end = 0;
        id = 0;
        malformed = false;
        return false;
    }

    /** Moves to the next element; false at the end of the block. */
    public boolean next() {
        if (buf == null) {
            return false;
        }
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == 0) {
                pos++;
                continue;
            }
            int start;
            int length;
            if (twoByte) {
                if (pos + 2 > end) {
                    return stop(true);
                }
                id = b;
                length = buf[pos + 1] & 0xFF;
                start = pos + 2;
            } else {
                id = b >>> 4;
                if (id == 15) {
                    return stop(false);
                }
                length = (b & 0x0F) + 1;
                start = pos + 1;
            }
            if (start + length > end) {
                return stop(true);
            }
            dataOffset = start;
            dataLength = length;
            pos = start + length;
            return true;
        }
        return stop(false);
    }

    private boolean stop(boolean truncated) {
        malformed |= truncated;
        pos = end;
        id = 0;
        return false;
    }

    /** Positions the cursor on the first element with {@code wantedId} of {@code packet}; false if absent. */
    public boolean find(RtpPacket packet, int wantedId) {
        if (!reset(packet)) {
            return false;
        }
        while (next()) {
            if (id == wantedId) {
                return true;
            }
        }
        return false;
    }

    /** Id of the current element (1..14 one-byte, 1..255 two-byte). */
    public int id() {
        return id;
    }

    /** Absolute index of the current element's data in the packet buffer. */
    public int dataOffset() {
        return dataOffset;
    }

    public int dataLength() {
        return dataLength;
    }

    public boolean isTwoByte() {
        return twoByte;
    }

    /** True once the walk stopped on an element that ran past the end of the block. */
    public boolean malformed() {
        return malformed;
    }
}
