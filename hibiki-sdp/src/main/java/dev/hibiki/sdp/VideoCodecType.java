package dev.hibiki.sdp;

/**
 * The video codecs Hibiki offers, by type: an offer can be restricted to one of them with
 * {@link CodecCatalog#video(VideoCodecType)} (H264 stands for both of its profiles).
 */
public enum VideoCodecType {
    VP8, VP9, H264, AV1
}
