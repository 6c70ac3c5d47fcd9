package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

/**
 * Scales any decoded picture into a yuv420p frame of the rendition's size, letterboxing or pillarboxing it when
 * the aspect ratios differ ({@link ScaleMode#FIT}) or stretching it ({@link ScaleMode#STRETCH}). The source size
 * may change from one picture to the next (WebRTC senders adapt their resolution); the scaler follows.
 */
final class VideoScaler implements AutoCloseable {
    private final int width;
    private final int height;
    private final ScaleMode mode;
    private SwsContext sws;
    private PointerPointer<BytePointer> dst = new PointerPointer<>(4);
    private IntPointer dstStride = new IntPointer(4);
    private int srcWidth = -1;
    private int srcHeight = -1;
    private int srcFormat = -1;
    private int innerWidth;
    private int innerHeight;
    private int left;
    private int top;

    VideoScaler(int width, int height, ScaleMode mode) {
        this.width = width;
        this.height = height;
        this.mode = mode;
    }

    /** Whether a picture can go to the encoder as it is (same size and format): no scaling, no copy. */
    boolean passThrough(AVFrame in) {
        return in.width() == width && in.height() == height && in.format() == AV_PIX_FMT_YUV420P;
    }

    /** @return false when this source cannot be scaled (unknown format); the picture is then skipped */
    boolean scale(AVFrame in, AVFrame out) {
        if (in.width() != srcWidth || in.height() != srcHeight || in.format() != srcFormat) {
            if (!configure(in.width(), in.height(), in.format())) return false;
        }
        for (int plane = 0; plane < 3; plane++) {
            int stride = out.linesize(plane);
            int x = plane == 0 ? left : left / 2;
            int y = plane == 0 ? top : top / 2;
            dst.put(plane, out.data(plane).position((long) y * stride + x));
            dstStride.put(plane, stride);
        }
        if (sws_scale(sws, in.data(), in.linesize(), 0, in.height(), dst, dstStride) <= 0) return false;
        // after scaling: swscale's SIMD may write a few bytes past the picture's right edge
        if (innerWidth != width || innerHeight != height) paintBorders(out);
        return true;
    }

    /** Fills the letterbox/pillarbox borders with limited-range black. */
    private void paintBorders(AVFrame out) {
        for (int plane = 0; plane < 3; plane++) {
            int shift = plane == 0 ? 0 : 1;
            int black = plane == 0 ? 16 : 128;
            int stride = out.linesize(plane);
            int w = width >> shift;
            int h = height >> shift;
            int x0 = left >> shift;
            int y0 = top >> shift;
            int iw = innerWidth >> shift;
            int ih = innerHeight >> shift;
            BytePointer base = out.data(plane);
            if (y0 > 0) Pointer.memset(base.position(0), black, (long) y0 * stride);
            if (y0 + ih < h) Pointer.memset(base.position((long) (y0 + ih) * stride), black, (long) (h - y0 - ih) * stride);
            if (iw < w) {
                for (int row = y0; row < y0 + ih; row++) {
                    long start = (long) row * stride;
                    if (x0 > 0) Pointer.memset(base.position(start), black, x0);
                    Pointer.memset(base.position(start + x0 + iw), black, stride - x0 - iw);
                }
            }
        }
    }

    private boolean configure(int w, int h, int format) {
        if (w <= 0 || h <= 0) return false;
        innerWidth = width;
        innerHeight = height;
        if (mode == ScaleMode.FIT && (long) w * height != (long) h * width) {
            if ((long) w * height > (long) h * width) {
                innerHeight = Math.max(2, (int) Math.round((double) width * h / w) & ~1);
            } else {
                innerWidth = Math.max(2, (int) Math.round((double) height * w / h) & ~1);
            }
        }
        left = ((width - innerWidth) / 2) & ~1;
        top = ((height - innerHeight) / 2) & ~1;
        // frees the old context when the parameters changed, also when it then fails
        sws = sws_getCachedContext(sws, w, h, format, innerWidth, innerHeight, AV_PIX_FMT_YUV420P,
                SWS_BILINEAR, null, null, (DoublePointer) null);
        if (sws == null) {
            srcWidth = -1;
            return false;
        }
        srcWidth = w;
        srcHeight = h;
        srcFormat = format;
        return true;
    }

    @Override
    public void close() {
        if (sws != null) sws_freeContext(sws);
        sws = null;
        dst.close();
        dstStride.close();
    }
}
