package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/** Receives an encoder's packets; the packet is valid only during the call (take a reference to keep it). */
@FunctionalInterface
public interface PacketSink {
    void onPacket(AVPacket packet);
}
