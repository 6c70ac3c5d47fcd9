package dev.hibiki.hls.transcode;

/**
 * An FFmpeg call failed while setting something up (an encoder that is missing from the build, options it
 * refuses, no memory). Malformed input media never raises it: decoders report {@link VideoDecoder.Result}.
 */
public final class TranscodeException extends RuntimeException {
    public TranscodeException(String message) {
        super(message);
    }
}
