package dev.hibiki.rtp;

/**
 * The last {@code capacity} packets of one stream, by sequence number, for answering NACKs with
 * retransmissions.
 *
 * <p>A ring indexed by sequence number: slot {@code seq % capacity}. Each slot remembers the extended sequence
 * number (cycles included) of the packet it holds, and lookups only succeed within the last {@code capacity}
 * numbers, so a slot never answers for a different or older-cycle packet, even across wrap-around or after
 * jumps. Packet bytes are copied into per-slot arrays that are allocated on first use (and grown if a larger
 * packet comes), so steady-state operation allocates nothing.
 *
 * <p>Store the packet as received from the source (before any per-subscriber rewriting). Not thread-safe:
 * use it from the stream's own thread.
 */
public final class PacketCache {
    /** Consecutive puts from far behind the window after which the stream is taken as restarted. */
    static final int TOO_OLD_RESET = 16;
    private static final int SLOT_ROUNDING = 256;

    private final int capacity;
    private final int mask;
    private final int maxPacketSize;
    private final byte[][] data;
    private final long[] slotExt;
    private final long[] slotArrivalNanos;
    private final RtpPacket[] views;
    private long highest = -1;
    private int tooOld;

    /**
     * @param capacity packets kept; a power of two, 16..32768
     * @param maxPacketSize largest packet stored (e.g. 1500); larger ones are refused
     */
    public PacketCache(int capacity, int maxPacketSize) {
        if (capacity < 16 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        if (maxPacketSize < RtpPacket.FIXED_HEADER_LENGTH) {
            throw new IllegalArgumentException("maxPacketSize too small: " + maxPacketSize);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxPacketSize = maxPacketSize;
        this.data = new byte[capacity][];
        this.slotExt = new long[capacity];
        this.slotArrivalNanos = new long[capacity];
        this.views = new RtpPacket[capacity];
        java.util.Arrays.fill(slotExt, -1);
        for (int i = 0; i < capacity; i++) {
            views[i] = new RtpPacket();
        }
    }

    public boolean put(RtpPacket packet) {
        return put(packet, 0);
    }

    /**
     * Copies {@code packet} into the cache. Returns false when it is larger than the maximum packet size or
     * older than the window (a stream that keeps arriving from far behind is taken as restarted and the cache
     * starts over).
     */
    public boolean put(RtpPacket packet, long arrivalNanos) {
        int length = packet.length();
        if (!packet.isWrapped() || length > maxPacketSize) {
            return false;
        }
        int seq = packet.sequenceNumber();
        long ext;
        if (highest < 0) {
            ext = 0x10000L + seq;
            highest = ext;
        } else {
            ext = SequenceNumbers.extend(seq, highest);
            if (ext <= highest - capacity) {
                if (++tooOld < TOO_OLD_RESET) {
                    return false;
                }
                // Jump far enough ahead that every stored slot falls out of the window.
                ext = ((highest + 2L * capacity + 0xFFFF) & ~0xFFFFL) | seq;
            }
            tooOld = 0;
            if (ext > highest) {
                highest = ext;
            }
        }
        int slot = (int) (ext & mask);
        byte[] bytes = data[slot];
        if (bytes == null || bytes.length < length) {
            bytes = new byte[Math.min(maxPacketSize, (length + SLOT_ROUNDING - 1) / SLOT_ROUNDING * SLOT_ROUNDING)];
            data[slot] = bytes;
        }
        System.arraycopy(packet.buffer(), packet.offset(), bytes, 0, length);
        if (!views[slot].wrap(bytes, 0, length)) {
            slotExt[slot] = -1;
            return false;
        }
        slotExt[slot] = ext;
        slotArrivalNanos[slot] = arrivalNanos;
        return true;
    }

    /**
     * The cached packet with sequence number {@code seq}, or null. The returned view belongs to the cache and
     * stays valid until that slot is overwritten by a later {@link #put}.
     */
    public RtpPacket get(int seq) {
        int slot = slotOf(seq);
        return slot < 0 ? null : views[slot];
    }

    /** Like {@link #get(int)}, but also null when the packet arrived more than {@code maxAgeNanos} before now. */
    public RtpPacket get(int seq, long nowNanos, long maxAgeNanos) {
        int slot = slotOf(seq);
        return slot < 0 || nowNanos - slotArrivalNanos[slot] > maxAgeNanos ? null : views[slot];
    }

    private int slotOf(int seq) {
        if (highest < 0) {
            return -1;
        }
        long ext = SequenceNumbers.extend(seq & 0xFFFF, highest);
        if (ext > highest || ext <= highest - capacity) {
            return -1;
        }
        int slot = (int) (ext & mask);
        return slotExt[slot] == ext ? slot : -1;
    }

    /** Forgets every packet (keeps the allocated arrays). */
    public void clear() {
        java.util.Arrays.fill(slotExt, -1);
        highest = -1;
        tooOld = 0;
    }

    public int capacity() {
        return capacity;
    }
}
