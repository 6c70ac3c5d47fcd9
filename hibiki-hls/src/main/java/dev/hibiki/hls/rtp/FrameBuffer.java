package dev.hibiki.hls.rtp;

import java.util.Arrays;

/** A growable byte array reused from frame to frame, with a hard limit so garbage cannot grow it without end. */
final class FrameBuffer {
    static final int MAX_SIZE = 16 * 1024 * 1024;

    private byte[] bytes;
    private int size;

    FrameBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    /** False (buffer unchanged) when the result would exceed {@link #MAX_SIZE}. */
    boolean append(byte[] src, int off, int len) {
        if (!ensure(len)) {
            return false;
        }
        System.arraycopy(src, off, bytes, size, len);
        size += len;
        return true;
    }

    boolean append(int b) {
        if (!ensure(1)) {
            return false;
        }
        bytes[size++] = (byte) b;
        return true;
    }

    /** Appends {@code value} as unsigned LEB128 (AV1 §4.10.5). */
    boolean appendLeb128(long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            if (!append(value != 0 ? b | 0x80 : b)) {
                return false;
            }
        } while (value != 0);
        return true;
    }

    private boolean ensure(int extra) {
        if (extra > MAX_SIZE - size) {
            return false;
        }
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_SIZE, Math.max((long) bytes.length * 2, size + extra)));
        }
        return true;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
