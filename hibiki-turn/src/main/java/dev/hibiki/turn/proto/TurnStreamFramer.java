package dev.hibiki.turn.proto;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a TURN byte stream (TCP, later TLS) into messages (RFC 8656 section 12.5): a STUN message is 20 bytes plus
 * its length field, a ChannelData message 4 bytes plus its length field, padded to a multiple of 4. Reads land in
 * one reused buffer; {@link #next()} yields the messages already read, however the reads split or coalesced them.
 * A first byte that is neither STUN nor ChannelData makes the stream unusable, since there is no way to find the
 * next message boundary. Not thread-safe: one per connection, used by its reading thread.
 */
public final class TurnStreamFramer {
    /** The largest message: a STUN header and a maximal body (a multiple of 4), which also bounds ChannelData. */
    public static final int MAX_MESSAGE = 20 + 0xFFFC;

    /** What {@link #next()} found. */
    public enum Result {
        /** A message is at {@link #messageOffset()} for {@link #messageLength()} bytes. */
        MESSAGE,
        /** The buffer holds only part of a message: read more. */
        NEED_MORE,
        /** The stream does not frame as TURN, or announces a message longer than this framer takes. */
        MALFORMED
    }

    private final byte[] buf;
    private final int maxMessage;
    private int start;
    private int end;
    private int messageOffset;
    private int messageLength;

    /** A framer for messages of any size the protocol allows. */
    public TurnStreamFramer() {
        this(MAX_MESSAGE);
    }

    /**
     * A framer whose buffer holds messages up to {@code maxMessage} bytes (padding included); a longer one is
     * {@link Result#MALFORMED}. A server that relays small datagrams needs no 64 KiB per connection.
     */
    public TurnStreamFramer(int maxMessage) {
        if (maxMessage < 20 || maxMessage > MAX_MESSAGE) {
            throw new IllegalArgumentException("maximum message length out of range: " + maxMessage);
        }
        this.maxMessage = maxMessage;
        this.buf = new byte[maxMessage + 4];
    }

    /** Reads once from {@code in} into the free space; returns what {@link InputStream#read} returned. */
    public int readFrom(InputStream in) throws IOException {
        compact();
        int n = in.read(buf, end, buf.length - end);
        if (n > 0) {
            end += n;
        }
        return n;
    }

    /** Appends bytes as if read (for tests and for transports that read into their own buffers). */
    public void append(byte[] bytes, int off, int len) {
        compact();
        if (len > buf.length - end) {
            throw new IllegalArgumentException("more than a message of free space: " + len);
        }
        System.arraycopy(bytes, off, buf, end, len);
        end += len;
    }

    public Result next() {
        int available = end - start;
        if (available < 4) {
            return Result.NEED_MORE;
        }
        int kind = buf[start] & 0xC0;
        int lengthField = ((buf[start + 2] & 0xFF) << 8) | (buf[start + 3] & 0xFF);
        int length;
        int padded;
        if (kind == 0x00) {
            if ((lengthField & 3) != 0) {
                return Result.MALFORMED;
            }
            length = 20 + lengthField;
            padded = length;
        } else if (kind == 0x40) {
            length = ChannelData.HEADER_LENGTH + lengthField;
            padded = ChannelData.paddedLength(lengthField);
        } else {
            return Result.MALFORMED;
        }
        if (padded > maxMessage) {
            return Result.MALFORMED;
        }
        if (available < padded) {
            return Result.NEED_MORE;
        }
        messageOffset = start;
        messageLength = length;
        start += padded;
        return Result.MESSAGE;
    }

    /** The buffer holding the message {@link #next()} found; valid until the next read. */
    public byte[] buffer() {
        return buf;
    }

    public int messageOffset() {
        return messageOffset;
    }

    /** The message's length without its stream padding. */
    public int messageLength() {
        return messageLength;
    }

    private void compact() {
        if (start == 0) {
            return;
        }
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
    }
}
