package dev.hibiki.sip.ua;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * What the far end's SDP answer says about the media: where it receives audio and video and which of the offered
 * payload types it picked. Only the lines the gateway needs are read.
 *
 * @param audio            the far end's audio address, or null when audio was refused (port 0) or absent
 * @param audioPayloadType 0 (PCMU) or 8 (PCMA), or -1
 * @param video            the far end's video address, or null
 * @param videoPayloadType the payload type the far end uses for H.264, or -1
 * @param audioSent        false when the far end says it will not send audio ({@code recvonly} or
 *                         {@code inactive}, as when it puts the call on hold, or {@code c=} 0.0.0.0)
 */
public record SdpAnswer(InetSocketAddress audio, int audioPayloadType, InetSocketAddress video, int videoPayloadType,
                        boolean audioSent) {

    public static SdpAnswer parse(String sdp) {
        String sessionAddress = null;
        String mediaAddress = null;
        String kind = null;
        int port = 0;
        String[] formats = new String[0];
        InetSocketAddress audio = null;
        int audioPt = -1;
        InetSocketAddress video = null;
        int videoPt = -1;
        String h264Pt = null;
        boolean audioSent = true;
        for (String raw : (sdp + "\nm=end 0 X\n").split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("m=")) {
                // close the previous media section
                String address = mediaAddress != null ? mediaAddress : sessionAddress;
                if ("audio".equals(kind) && port > 0 && address != null) {
                    for (String f : formats) {
                        if (f.equals("0") || f.equals("8")) {
                            audioPt = Integer.parseInt(f);
                            audio = new InetSocketAddress(address, port);
                            break;
                        }
                    }
                } else if ("video".equals(kind) && port > 0 && address != null && h264Pt != null) {
                    videoPt = Integer.parseInt(h264Pt);
                    video = new InetSocketAddress(address, port);
                }
                String[] parts = line.substring(2).split(" ");
                kind = parts[0];
                port = parts.length > 1 ? parsePort(parts[1]) : 0;
                formats = parts.length > 3 ? java.util.Arrays.copyOfRange(parts, 3, parts.length) : new String[0];
                mediaAddress = null;
                h264Pt = null;
            } else if (line.startsWith("c=")) {
                String[] parts = line.substring(2).split(" ");
                String address = parts.length >= 3 ? beforeSlash(parts[2]) : "";
                if (address.isEmpty()) address = null; // InetSocketAddress would take "" for localhost
                if (kind == null) sessionAddress = address;
                else mediaAddress = address;
            } else if ((line.equals("a=recvonly") || line.equals("a=inactive")) && "audio".equals(kind)) {
                audioSent = false;
            } else if ((line.equals("a=recvonly") || line.equals("a=inactive")) && kind == null) {
                audioSent = false; // session-level direction
            } else if (line.startsWith("a=rtpmap:") && "video".equals(kind)) {
                String[] parts = line.substring(9).split(" ", 2);
                if (parts.length == 2 && parts[1].toUpperCase(Locale.ROOT).startsWith("H264/") && h264Pt == null
                        && parts[0].matches("\\d{1,3}")) {
                    h264Pt = parts[0];
                }
            }
        }
        if (audio != null && audio.getAddress() != null && audio.getAddress().isAnyLocalAddress()) audioSent = false;
        return new SdpAnswer(audio, audioPt, video, videoPt, audioSent);
    }

    /** The port of an {@code m=} line, or 0 (as for a refused stream) when it is not a UDP port number. */
    private static int parsePort(String s) {
        try {
            int port = Integer.parseInt(beforeSlash(s));
            return port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code s} up to its first slash ({@code "/"} gives {@code ""}, where {@code split} gives no element). */
    private static String beforeSlash(String s) {
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }
}
