package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Source description, PT 202 (RFC 3550 §6.5). SDES arrives about once per report interval, so parsing it into
 * objects is fine; the SFU mostly wants the CNAME of each source.
 */
public final class SdesPacket {
    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int EMAIL = 3;
    public static final int PHONE = 4;
    public static final int LOC = 5;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;

    private SdesPacket() {}

    /** One SDES item: its type and text (UTF-8 decoded). */
    public record Item(int type, String text) {}

    /** One chunk: a source and its items in packet order. */
    public record Chunk(long ssrc, List<Item> items) {
        /** Text of the first CNAME item, or null. */
        public String cname() {
            for (Item item : items) {
                if (item.type() == CNAME) {
                    return item.text();
                }
            }
            return null;
        }
    }

    /**
     * Parses the SDES packet at {@code buf[off .. off+len)}; returns its chunks, or null when it is not a
     * well-formed SDES (wrong type, fewer chunks than the source count, an item past the end, a chunk not
     * terminated by a null octet).
     */
    public static List<Chunk> parse(byte[] buf, int off, int len) {
        int content = RtcpHeader.contentLength(buf, off, len);
        if (content < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.SDES) {
            return null;
        }
        int sourceCount = RtcpHeader.count(buf, off);
        int end = off + content;
        int pos = off + RtcpHeader.LENGTH;
        List<Chunk> chunks = new ArrayList<>(sourceCount);
        for (int c = 0; c < sourceCount; c++) {
            if (pos + 4 > end) {
                return null;
            }
            long ssrc = Bytes.u32(buf, pos);
            pos += 4;
            List<Item> items = new ArrayList<>(1);
            while (true) {
                if (pos >= end) {
                    return null;
                }
                int type = buf[pos] & 0xFF;
                if (type == 0) {
                    // The null item ends the list; further nulls pad the chunk to 32 bits.
                    pos = off + ((pos - off + 4) & ~3);
                    break;
                }
                if (pos + 2 > end) {
                    return null;
                }
                int itemLength = buf[pos + 1] & 0xFF;
                if (pos + 2 + itemLength > end) {
                    return null;
                }
                items.add(new Item(type, new String(buf, pos + 2, itemLength, StandardCharsets.UTF_8)));
                pos += 2 + itemLength;
            }
            chunks.add(new Chunk(ssrc, List.copyOf(items)));
        }
        return chunks;
    }

    /** Bytes an SDES with one CNAME chunk takes. */
    public static int cnameLength(String cname) {
        return RtcpHeader.LENGTH + chunkLength(cname.getBytes(StandardCharsets.UTF_8).length);
    }

    private static int chunkLength(int textLength) {
        int items = 2 + textLength + 1;
        return 4 + items + RtcpHeader.pad4(items);
    }

    /** Writes an SDES with one chunk holding one CNAME; returns its length or -1 (no room, CNAME over 255 bytes). */
    public static int writeCname(byte[] dst, int off, long ssrc, String cname) {
        return write(dst, off, List.of(new Chunk(ssrc, List.of(new Item(CNAME, cname)))));
    }

    /** Writes an SDES with the given chunks (at most 31); returns its length or -1. */
    public static int write(byte[] dst, int off, List<Chunk> chunks) {
        if (chunks.size() > 31) {
            return -1;
        }
        int total = length(chunks);
        if (total < 0 || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        RtcpHeader.write(dst, off, chunks.size(), RtcpHeader.SDES, total);
        int pos = off + RtcpHeader.LENGTH;
        for (Chunk chunk : chunks) {
            int chunkStart = pos;
            Bytes.put32(dst, pos, chunk.ssrc());
            pos += 4;
            for (Item item : chunk.items()) {
                byte[] text = item.text().getBytes(StandardCharsets.UTF_8);
                dst[pos] = (byte) item.type();
                dst[pos + 1] = (byte) text.length;
                System.arraycopy(text, 0, dst, pos + 2, text.length);
                pos += 2 + text.length;
            }
            int terminated = pos + 1;
            int chunkEnd = chunkStart + ((terminated - chunkStart + 3) & ~3);
            while (pos < chunkEnd) {
                dst[pos++] = 0;
            }
        }
        return total;
    }

    /** Bytes the chunks take as one SDES packet, or -1 when an item is invalid (type 0, text over 255 bytes). */
    public static int length(List<Chunk> chunks) {
        int total = RtcpHeader.LENGTH;
        for (Chunk chunk : chunks) {
            int items = 0;
            for (Item item : chunk.items()) {
                int textLength = item.text().getBytes(StandardCharsets.UTF_8).length;
                if (item.type() < 1 || item.type() > 255 || textLength > 255) {
                    return -1;
                }
                items += 2 + textLength;
            }
            items += 1;
            total += 4 + items + RtcpHeader.pad4(items);
        }
        return total;
    }
}
