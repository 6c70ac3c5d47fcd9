package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_AAC_LOW;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;

/**
 * AAC-LC, stereo, 48 kHz at one bitrate; one instance per distinct bitrate of a ladder, its packets shared by the
 * renditions that use that bitrate. Input is PCM placed on a sample timeline that starts at 0 (the ladder's
 * origin); holes (Opus DTX, lost packets, a late start) become silence and overlapping input is dropped, so the
 * output is one continuous stream whose packet pts (time base 1/48000) is the timeline position. One thread only.
 */
public final class AacEncoder implements AutoCloseable {
    /** Jitter of the input timeline that is absorbed instead of padded or dropped: one 20 ms Opus frame. */
    static final int TOLERANCE_SAMPLES = 960;

    private final int bitrate;
    private final PacketSink sink;
    private AVCodecContext context;
    private AVAudioFifo fifo;
    private AVFrame frame;
    private AVFrame silence;
    private AVPacket packet;
    private int frameSize;
    private long written;
    private long encoded;
    private long droppedFrames;
    private long silenceSamples;

    public AacEncoder(int bitrate, PacketSink sink) {
        Ffmpeg.init();
        this.bitrate = bitrate;
        this.sink = sink;
        AVCodec codec = Ffmpeg.notNull(avcodec_find_encoder_by_name("aac"), "no aac encoder in this FFmpeg");
        try {
            context = Ffmpeg.notNull(avcodec_alloc_context3(codec), "avcodec_alloc_context3");
            context.sample_fmt(AV_SAMPLE_FMT_FLTP);
            context.sample_rate(AudioDecoder.SAMPLE_RATE);
            av_channel_layout_default(context.ch_layout(), AudioDecoder.CHANNELS);
            context.bit_rate(bitrate);
            context.profile(AV_PROFILE_AAC_LOW);
            context.time_base(av_make_q(1, AudioDecoder.SAMPLE_RATE));
            // extradata (AudioSpecificConfig) lets the MPEG-TS muxer write ADTS headers
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            Ffmpeg.check(avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "open aac");
            frameSize = context.frame_size();
            fifo = Ffmpeg.notNull(av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, AudioDecoder.CHANNELS, frameSize * 4),
                    "av_audio_fifo_alloc");
            frame = newFrame(frameSize);
            silence = newFrame(frameSize);
            av_samples_set_silence(silence.data(), 0, frameSize, AudioDecoder.CHANNELS, AV_SAMPLE_FMT_FLTP);
            packet = Ffmpeg.notNull(av_packet_alloc(), "av_packet_alloc");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static AVFrame newFrame(int samples) {
        AVFrame f = Ffmpeg.notNull(av_frame_alloc(), "av_frame_alloc");
        f.format(AV_SAMPLE_FMT_FLTP);
        f.sample_rate(AudioDecoder.SAMPLE_RATE);
        av_channel_layout_default(f.ch_layout(), AudioDecoder.CHANNELS);
        f.nb_samples(samples);
        if (av_frame_get_buffer(f, 0) < 0) {
            av_frame_free(f);
            throw new TranscodeException("av_frame_get_buffer");
        }
        return f;
    }

    public int bitrate() {
        return bitrate;
    }

    AVCodecContext context() {
        return context;
    }

    /** The timeline position up to which samples (real or silence) have been accepted. */
    public long position() {
        return written;
    }

    public long droppedFrames() {
        return droppedFrames;
    }

    public long silenceSamples() {
        return silenceSamples;
    }

    /**
     * @param pcm         planar float stereo 48 kHz (as {@link AudioDecoder} delivers it)
     * @param startSample where its first sample belongs on the timeline (48 kHz samples since the origin)
     */
    public void encode(AVFrame pcm, long startSample) {
        int n = pcm.nb_samples();
        if (n <= 0 || startSample + n <= 0) return;
        long gap = startSample - written;
        if (gap < -TOLERANCE_SAMPLES) {
            droppedFrames++; // already covered, e.g. by silence while this frame was late
            return;
        }
        if (gap > TOLERANCE_SAMPLES) writeSilence(gap);
        if (av_audio_fifo_write(fifo, pcm.data(), n) < n) {
            droppedFrames++;
            return;
        }
        written += n;
        drain();
    }

    /** Pads the timeline with silence up to {@code sample} (used while a sender sends no audio). */
    public void fillSilenceUntil(long sample) {
        if (sample > written) writeSilence(sample - written);
    }

    private void writeSilence(long samples) {
        silenceSamples += samples;
        while (samples > 0) {
            int chunk = (int) Math.min(samples, frameSize);
            if (av_audio_fifo_write(fifo, silence.data(), chunk) < chunk) return;
            written += chunk;
            samples -= chunk;
            drain();
        }
    }

    private void drain() {
        while (av_audio_fifo_size(fifo) >= frameSize) {
            encodeFromFifo(frameSize);
        }
    }

    private void encodeFromFifo(int samples) {
        if (av_frame_make_writable(frame) < 0) return;
        frame.nb_samples(samples);
        av_audio_fifo_read(fifo, frame.data(), samples);
        frame.pts(encoded);
        encoded += samples;
        if (avcodec_send_frame(context, frame) >= 0) receive();
    }

    private void receive() {
        while (avcodec_receive_packet(context, packet) >= 0) {
            sink.onPacket(packet);
            av_packet_unref(packet);
        }
    }

    /** Encodes what is buffered and drains the encoder; the encoder takes no input afterwards. */
    public void flush() {
        if (context == null) return;
        int rest = av_audio_fifo_size(fifo);
        if (rest > 0) encodeFromFifo(rest);
        if (avcodec_send_frame(context, null) >= 0) receive();
    }

    @Override
    public void close() {
        if (packet != null) av_packet_free(packet);
        if (silence != null) av_frame_free(silence);
        if (frame != null) av_frame_free(frame);
        if (fifo != null) av_audio_fifo_free(fifo);
        if (context != null) avcodec_free_context(context);
        packet = null;
        silence = null;
        frame = null;
        fifo = null;
        context = null;
    }
}
