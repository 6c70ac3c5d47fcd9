package dev.hibiki.hls.transcode;

/** How a source picture whose aspect ratio differs from the rendition's is fitted into it. */
public enum ScaleMode {
    /**
     * Keep the source's aspect ratio, scale it as large as fits, centre it and fill the rest black (letterbox or
     * pillarbox). A sender that turns its phone or adapts its resolution keeps looking right. The default.
     */
    FIT,
    /** Scale to exactly width x height, distorting the picture when the aspect ratios differ. */
    STRETCH
}
