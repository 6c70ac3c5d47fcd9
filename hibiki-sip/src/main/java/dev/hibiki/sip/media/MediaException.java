package dev.hibiki.sip.media;

/** FFmpeg could not set something up (encoder, muxer, RTMP connection). */
public final class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }
}
