package dev.hibiki.sdp;

/** The audio codecs Hibiki offers, by type (see {@link CodecCatalog#audio}). */
public enum AudioCodecType {
    OPUS
}
