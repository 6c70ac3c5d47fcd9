package dev.hibiki.hls.transcode;

import java.util.Arrays;

/**
 * How a {@link LadderTranscoder} runs; the renditions themselves are {@link RenditionSpec}s.
 *
 * @param encoderName    the libavcodec H.264 encoder: {@code libx264} (GPL build) or {@code libopenh264} (both builds)
 * @param preset         the x264 preset ({@code ultrafast} .. {@code veryslow}); ignored by other encoders
 * @param encoderThreads threads per H.264 encoder (x264 uses sliced threads with tune zerolatency); 1 suits a
 *                       server that transcodes many senders at once
 * @param decoderThreads threads of the one decoder per sender
 * @param queueCapacity  frames (audio + video) waiting for the worker; beyond it the oldest video is dropped
 * @param scaleMode      how a source of another aspect ratio is fitted
 * @param aesKey         16 bytes: segments are AES-128-CBC encrypted (HLS METHOD=AES-128, IV = media sequence
 *                       number); null: clear segments
 */
public record TranscodeOptions(String encoderName, String preset, int encoderThreads, int decoderThreads,
                               int queueCapacity, ScaleMode scaleMode, byte[] aesKey) {

    public TranscodeOptions {
        if (encoderName == null || encoderName.isBlank()) encoderName = "libx264";
        if (preset == null || preset.isBlank()) preset = "veryfast";
        if (encoderThreads < 0 || decoderThreads < 0) throw new IllegalArgumentException("threads must be >= 0");
        if (queueCapacity < 8) throw new IllegalArgumentException("queueCapacity must be >= 8: " + queueCapacity);
        if (scaleMode == null) scaleMode = ScaleMode.FIT;
        if (aesKey != null) {
            if (aesKey.length != 16) throw new IllegalArgumentException("an AES-128 key has 16 bytes");
            aesKey = aesKey.clone();
        }
    }

    public static TranscodeOptions defaults() {
        return new TranscodeOptions("libx264", "veryfast", 1, 1, 256, ScaleMode.FIT, null);
    }

    public TranscodeOptions withEncoder(String name) {
        return new TranscodeOptions(name, preset, encoderThreads, decoderThreads, queueCapacity, scaleMode, aesKey);
    }

    public TranscodeOptions withPreset(String value) {
        return new TranscodeOptions(encoderName, value, encoderThreads, decoderThreads, queueCapacity, scaleMode, aesKey);
    }

    public TranscodeOptions withEncoderThreads(int value) {
        return new TranscodeOptions(encoderName, preset, value, decoderThreads, queueCapacity, scaleMode, aesKey);
    }

    public TranscodeOptions withDecoderThreads(int value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, value, queueCapacity, scaleMode, aesKey);
    }

    public TranscodeOptions withQueueCapacity(int value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, decoderThreads, value, scaleMode, aesKey);
    }

    public TranscodeOptions withScaleMode(ScaleMode value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, decoderThreads, queueCapacity, value, aesKey);
    }

    public TranscodeOptions withAesKey(byte[] value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, decoderThreads, queueCapacity, scaleMode, value);
    }

    @Override
    public byte[] aesKey() {
        return aesKey == null ? null : aesKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TranscodeOptions t && encoderName.equals(t.encoderName) && preset.equals(t.preset)
                && encoderThreads == t.encoderThreads && decoderThreads == t.decoderThreads
                && queueCapacity == t.queueCapacity && scaleMode == t.scaleMode && Arrays.equals(aesKey, t.aesKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(encoderName, preset, encoderThreads, decoderThreads, queueCapacity, scaleMode,
                Arrays.hashCode(aesKey));
    }

    @Override
    public String toString() {
        return "TranscodeOptions[encoder=" + encoderName + ", preset=" + preset + ", encoderThreads=" + encoderThreads
                + ", decoderThreads=" + decoderThreads + ", queueCapacity=" + queueCapacity + ", scaleMode="
                + scaleMode + ", encrypted=" + (aesKey != null) + "]";
    }
}
