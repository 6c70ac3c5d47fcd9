package dev.hibiki.sctp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Which of the peer's TSNs arrived: the cumulative TSN, the ones above it (reported as gap ack blocks), and
 * duplicates since the last SACK (RFC 9260 section 6.2). Writes the SACK chunk.
 */
final class ReceivedTsns {
    /** Gap blocks and duplicates beyond these are left out so that a SACK stays small. */
    private static final int MAX_GAP_BLOCKS = 32;
    private static final int MAX_DUPLICATES = 16;

    private long cumulative;
    private final TreeSet<Long> above = new TreeSet<>();
    private final List<Integer> duplicates = new ArrayList<>();

    ReceivedTsns(int peerInitialTsn) {
        cumulative = (peerInitialTsn - 1) & 0xffffffffL;
    }

    long cumulative() {
        return cumulative;
    }

    long unwrap(int tsn) {
        return Tsn.unwrap(cumulative, tsn);
    }

    boolean hasGaps() {
        return !above.isEmpty();
    }

    boolean hasDuplicates() {
        return !duplicates.isEmpty();
    }

    boolean isDuplicate(long tsn) {
        return tsn <= cumulative || above.contains(tsn);
    }

    void duplicate(int tsn) {
        if (duplicates.size() < MAX_DUPLICATES) {
            duplicates.add(tsn);
        }
    }

    void add(long tsn) {
        if (tsn == cumulative + 1) {
            cumulative = tsn;
            advance();
        } else if (tsn > cumulative) {
            above.add(tsn);
        }
    }

    /** FORWARD-TSN: everything up to {@code tsn} counts as received. */
    void skipTo(long tsn) {
        if (tsn <= cumulative) {
            return;
        }
        cumulative = tsn;
        above.headSet(tsn, true).clear();
        advance();
    }

    private void advance() {
        while (!above.isEmpty() && above.first() == cumulative + 1) {
            cumulative = above.pollFirst();
        }
    }

    void writeSack(PacketBuilder out, long window) {
        int blocks = 0;
        long start = -1;
        long prev = -1;
        int[] ranges = new int[MAX_GAP_BLOCKS * 2];
        for (Iterator<Long> it = above.iterator(); it.hasNext() && blocks < MAX_GAP_BLOCKS; ) {
            long t = it.next();
            if (t - cumulative > 0xffff) {
                break;
            }
            if (start < 0) {
                start = t;
            } else if (t != prev + 1) {
                ranges[blocks * 2] = (int) (start - cumulative);
                ranges[blocks * 2 + 1] = (int) (prev - cumulative);
                blocks++;
                start = t;
            }
            prev = t;
        }
        if (start >= 0 && blocks < MAX_GAP_BLOCKS) {
            ranges[blocks * 2] = (int) (start - cumulative);
            ranges[blocks * 2 + 1] = (int) (prev - cumulative);
            blocks++;
        }
        out.beginChunk(Chunk.SACK, 0);
        out.putInt((int) cumulative);
        out.putInt((int) Math.min(window, 0xffffffffL));
        out.putShort(blocks);
        out.putShort(duplicates.size());
        for (int i = 0; i < blocks * 2; i++) {
            out.putShort(ranges[i]);
        }
        for (int d : duplicates) {
            out.putInt(d);
        }
        out.endChunk();
        duplicates.clear();
    }

    /** Bytes a SACK takes now, so that it is bundled only where it fits. */
    int sackLength() {
        return 16 + 4 * Math.min(above.size(), MAX_GAP_BLOCKS) + 4 * duplicates.size();
    }
}
