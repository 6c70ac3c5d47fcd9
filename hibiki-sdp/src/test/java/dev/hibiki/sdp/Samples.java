package dev.hibiki.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fixtures shared by the tests: sample files and the offers Hibiki would send. */
final class Samples {

    static final Fingerprint SERVER_FINGERPRINT = new Fingerprint("sha-256",
            "5D:2A:91:0C:7E:43:B8:16:F0:9D:62:AB:35:C4:E7:18:8F:01:D6:73:2E:B9:4A:C0:57:E3:19:86:FD:24:6B:90");
    static final LocalTransport SERVER = new LocalTransport("hbkUfrag0001", "hbkPassword0000000000001",
            SERVER_FINGERPRINT, List.of("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"));
    static final long SESSION_ID = 4611686018427387904L;
    static final String PUBLISHER_CONNECTION_ID = "S7RVGBD4WN1N5BNY1X6EF0TMXR";

    private Samples() {
    }

    static String resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) throw new IllegalArgumentException("no sample " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String text) {
        try {
            return SessionDescription.parse(text);
        } catch (SdpParseException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static SessionDescription sample(String name) {
        return parse(resource(name));
    }

    /** A sendonly publisher's offer: the server receives audio in mid 0 and video in mid 1. */
    static OfferBuilder publisher(List<Codec> video) {
        return new OfferBuilder(SERVER, SESSION_ID)
                .add(OfferSection.receiving(MediaKind.AUDIO, "0", List.of(CodecCatalog.OPUS)))
                .add(OfferSection.receiving(MediaKind.VIDEO, "1", video));
    }

    static OutgoingTrack forwardedAudio() {
        return new OutgoingTrack(PUBLISHER_CONNECTION_ID, "a0", 1001, null, "hibiki");
    }

    static OutgoingTrack forwardedVideo() {
        return new OutgoingTrack(PUBLISHER_CONNECTION_ID, "v0", 2001, 2002L, "hibiki");
    }

    /** A recvonly viewer's offer forwarding one publisher that sends Opus and VP9. */
    static OfferBuilder viewer() {
        return new OfferBuilder(SERVER, SESSION_ID)
                .add(OfferSection.sending(MediaKind.AUDIO, "0", List.of(CodecCatalog.OPUS), forwardedAudio()))
                .add(OfferSection.sending(MediaKind.VIDEO, "1", List.of(CodecCatalog.VP9), forwardedVideo()));
    }
}
