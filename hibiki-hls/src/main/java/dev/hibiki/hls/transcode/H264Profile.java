package dev.hibiki.hls.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_CONSTRAINED_BASELINE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_HIGH;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_MAIN;

/** The H.264 profiles an HLS rendition may ask for, named as in ImageFlux's {@code video.codec}. */
public enum H264Profile {
    /** Constrained baseline: what x264 and OpenH264 call "baseline". */
    BASELINE("h264_baseline", AV_PROFILE_H264_CONSTRAINED_BASELINE),
    MAIN("h264_main", AV_PROFILE_H264_MAIN),
    HIGH("h264_high", AV_PROFILE_H264_HIGH);

    private final String apiName;
    private final int avProfile;

    H264Profile(String apiName, int avProfile) {
        this.apiName = apiName;
        this.avProfile = avProfile;
    }

    public String apiName() {
        return apiName;
    }

    int avProfile() {
        return avProfile;
    }

    /** {@code h264_high|h264_main|h264_baseline}; null or blank means the default, high. */
    public static H264Profile fromApiName(String name) {
        if (name == null || name.isBlank()) return HIGH;
        for (H264Profile p : values()) {
            if (p.apiName.equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown H.264 profile: " + name);
    }
}
