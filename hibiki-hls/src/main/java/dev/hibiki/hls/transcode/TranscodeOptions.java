package dev.hibiki.hls.transcode;

import dev.hibiki.hls.playlist.SegmentFormat;

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
 * @param segmentFormat  MPEG-TS (default) or fragmented MP4 segments (clear only: not with {@code aesKey})
 */
public record TranscodeOptions(String encoderName, String preset, int encoderThreads, int decoderThreads,
                               int queueCapacity, ScaleMode scaleMode, byte[] aesKey, SegmentFormat segmentFormat) {

    public TranscodeOptions {
        if (encoderName == null || encoderName.isBlank()) encoderName = "libx264";
        if (preset == null || preset.isBlank()) preset = "veryfast";
        if (encoderThreads < 0 || decoderThreads < 0) throw new IllegalArgumentException("threads must be >= 0");
        if (queueCapacity < 8) throw new IllegalArgumentException("queueCapacity must be >= 8: " + queueCapacity);
        if (scaleMode == null) scaleMode = ScaleMode.FIT;
        if (segmentFormat == null) segmentFormat = SegmentFormat.MPEGTS;
        if (aesKey != null && segmentFormat != SegmentFormat.MPEGTS) {
            // AES-128 over fMP4 would also encrypt the init segment, which then needs an explicit IV: not done
            throw new IllegalArgumentException("AES-128 encryption is only supported with MPEG-TS segments");
        }
        if (aesKey != null) {
            if (aesKey.length != 16) throw new IllegalArgumentException("an AES-128 key has 16 bytes");
            aesKey = aesKey.clone();
        }
    }

    public static TranscodeOptions defaults() {
        return new TranscodeOptions("libx264", "veryfast", 1, 1, 256, ScaleMode.FIT, null, SegmentFormat.MPEGTS);
    }

    public TranscodeOptions withEncoder(String name) {
        return new TranscodeOptions(name, preset, encoderThreads, decoderThreads, queueCapacity, scaleMode, aesKey,
                segmentFormat);
    }

    public TranscodeOptions withPreset(String value) {
        return new TranscodeOptions(encoderName, value, encoderThreads, decoderThreads, queueCapacity, scaleMode, aesKey,
                segmentFormat);
    }

    public TranscodeOptions withEncoderThreads(int value) {
        return new TranscodeOptions(encoderName, preset, value, decoderThreads, queueCapacity, scaleMode, aesKey,
                segmentFormat);
    }

    public TranscodeOptions withDecoderThreads(int value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, value, queueCapacity, scaleMode, aesKey,
                segmentFormat);
    }

    public TranscodeOptions withQueueCapacity(int value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, decoderThreads, value, scaleMode, aesKey,
                segmentFormat);
    }

    public TranscodeOptions withScaleMode(ScaleMode value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, decoderThreads, queueCapacity, value, aesKey,
                segmentFormat);
    }

    public TranscodeOptions withAesKey(byte[] value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, decoderThreads, queueCapacity, scaleMode, value,
                segmentFormat);
    }

    public TranscodeOptions withSegmentFormat(SegmentFormat value) {
        return new TranscodeOptions(encoderName, preset, encoderThreads, decoderThreads, queueCapacity, scaleMode, aesKey,
                value);
    }

    @Override
    public byte[] aesKey() {
        return aesKey == null ? null : aesKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TranscodeOptions t && encoderName.equals(t.encoderName) && preset.equals(t.preset)
                && encoderThreads == t.encoderThreads && decoderThreads == t.decoderThreads
                && queueCapacity == t.queueCapacity && scaleMode == t.scaleMode && Arrays.equals(aesKey, t.aesKey)
                && segmentFormat == t.segmentFormat;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(encoderName, preset, encoderThreads, decoderThreads, queueCapacity, scaleMode,
                Arrays.hashCode(aesKey), segmentFormat);
    }

    @Override
    public String toString() {
        return "TranscodeOptions[encoder=" + encoderName + ", preset=" + preset + ", encoderThreads=" + encoderThreads
                + ", decoderThreads=" + decoderThreads + ", queueCapacity=" + queueCapacity + ", scaleMode="
                + scaleMode + ", encrypted=" + (aesKey != null) + ", segmentFormat=" + segmentFormat + "]";
    }
}
