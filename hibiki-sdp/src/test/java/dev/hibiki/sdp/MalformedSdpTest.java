package dev.hibiki.sdp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MalformedSdpTest {

    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String MEDIA = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", 0, "empty SDP"),
                Arguments.of("\r\n\r\n", 0, "empty SDP"),
                Arguments.of("o=- 1 1 IN IP4 127.0.0.1\r\n", 1, "must start with v="),
                Arguments.of("v=1\r\n", 1, "unsupported SDP version"),
                Arguments.of("v=0\r\n", 2, "ends before o="),
                Arguments.of("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", 3, "ends before s="),
                Arguments.of("v=0\r\ns=-\r\n", 2, "expected o="),
                Arguments.of("v=0\r\no=- 1 IN IP4 127.0.0.1\r\ns=-\r\n", 2, "6 fields"),
                Arguments.of("v=0\r\no=- x 1 IN IP4 127.0.0.1\r\ns=-\r\n", 2, "session id must be digits"),
                Arguments.of(HEAD + "\r\na=ice-lite\r\n", 5, "empty line"),
                Arguments.of(HEAD + "a=ice\rlite\r\n", 5, "carriage return"),
                Arguments.of(HEAD + "a=ice\0lite\r\n", 5, "NUL"),
                Arguments.of(HEAD + "x\r\n", 5, "expected '<type>=<value>'"),
                Arguments.of(HEAD + "A=foo\r\n", 5, "lowercase letter"),
                Arguments.of(HEAD + " a=foo\r\n", 5, "expected '<type>=<value>'"),
                Arguments.of(HEAD + "q=foo\r\n", 5, "unknown line type 'q'"),
                Arguments.of(HEAD + "v=0\r\n", 5, "only once"),
                Arguments.of(HEAD + "t=0\r\n", 5, "t= needs 2 fields"),
                Arguments.of(HEAD + "t=-1 0\r\n", 5, "not a number"),
                Arguments.of(HEAD + "c=IN IP4\r\n", 5, "c= needs 3 fields"),
                Arguments.of(HEAD + "c=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\n", 6, "second session-level c="),
                Arguments.of(HEAD + "b=AS\r\n", 5, "b= needs"),
                Arguments.of(HEAD + "b=AS:lots\r\n", 5, "bandwidth"),
                Arguments.of(HEAD + "a=\r\n", 5, "attribute name"),
                Arguments.of(HEAD + "a=:value\r\n", 5, "attribute name"),
                Arguments.of(HEAD + "a=bad name:x\r\n", 5, "attribute name"),
                Arguments.of(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF\r\n", 5, "m= needs"),
                Arguments.of(HEAD + "m=video 70000 UDP/TLS/RTP/SAVPF 96\r\n", 5, "port out of range"),
                Arguments.of(HEAD + "m=video -9 UDP/TLS/RTP/SAVPF 96\r\n", 5, "port is not a number"),
                Arguments.of(HEAD + "m=video 9/0 UDP/TLS/RTP/SAVPF 96\r\n", 5, "port count"),
                Arguments.of(HEAD + MEDIA + "t=0 0\r\n", 6, "not allowed in a media section"),
                Arguments.of(HEAD + MEDIA + "c=IN IP4 0.0.0.0\r\nc=IN IP4 0.0.0.0\r\n", 7, "second c= line"),
                Arguments.of(HEAD + MEDIA + "a=rtpmap:96\r\n", 6, "rtpmap needs"),
                Arguments.of(HEAD + MEDIA + "a=rtpmap:96 VP8\r\n", 6, "rtpmap needs"),
                Arguments.of(HEAD + MEDIA + "a=rtpmap:128 VP8/90000\r\n", 6, "payload type out of range"),
                Arguments.of(HEAD + MEDIA + "a=rtpmap:96 VP8/0\r\n", 6, "clock rate"),
                Arguments.of(HEAD + MEDIA + "a=rtpmap:96 VP8/90000/2/3\r\n", 6, "rtpmap needs"),
                Arguments.of(HEAD + MEDIA + "a=rtpmap\r\n", 6, "needs a value"),
                Arguments.of(HEAD + MEDIA + "a=fmtp:abc x=1\r\n", 6, "fmtp payload type"),
                Arguments.of(HEAD + MEDIA + "a=rtcp-fb:96\r\n", 6, "rtcp-fb needs"),
                Arguments.of(HEAD + MEDIA + "a=extmap:0 urn:x\r\n", 6, "extmap id"),
                Arguments.of(HEAD + MEDIA + "a=extmap:256 urn:x\r\n", 6, "extmap id"),
                Arguments.of(HEAD + MEDIA + "a=extmap:1/sideways urn:x\r\n", 6, "extmap direction"),
                Arguments.of(HEAD + MEDIA + "a=extmap:1\r\n", 6, "extmap needs"),
                Arguments.of(HEAD + MEDIA + "a=ssrc:4294967296 cname:x\r\n", 6, "ssrc"),
                Arguments.of(HEAD + MEDIA + "a=ssrc:123\r\n", 6, "ssrc needs"),
                Arguments.of(HEAD + MEDIA + "a=ssrc-group:FID\r\n", 6, "ssrc-group needs"),
                Arguments.of(HEAD + MEDIA + "a=ssrc-group:FID 1 x\r\n", 6, "ssrc-group ssrc"),
                Arguments.of(HEAD + MEDIA + "a=msid:\r\n", 6, "msid needs"),
                Arguments.of(HEAD + MEDIA + "a=msid:a b c\r\n", 6, "msid needs"),
                Arguments.of(HEAD + MEDIA + "a=rid:r0 sideways\r\n", 6, "send or recv"),
                Arguments.of(HEAD + MEDIA + "a=rid:r.0 send\r\n", 6, "invalid character"),
                Arguments.of(HEAD + MEDIA + "a=rid:r0 send pt=x\r\n", 6, "rid pt"),
                Arguments.of(HEAD + MEDIA + "a=simulcast:send\r\n", 6, "no stream list"),
                Arguments.of(HEAD + MEDIA + "a=simulcast:sideways r0\r\n", 6, "'send' and/or 'recv'"),
                Arguments.of(HEAD + MEDIA + "a=simulcast:send r0;;r1\r\n", 6, "rid id"),
                Arguments.of(HEAD + MEDIA + "a=fingerprint:sha-256\r\n", 6, "fingerprint needs"),
                Arguments.of(HEAD + MEDIA + "a=setup:sometimes\r\n", 6, "unknown setup role"),
                Arguments.of(HEAD + MEDIA + "a=mid:\r\n", 6, "mid"),
                Arguments.of(HEAD + MEDIA + "a=ice-ufrag:\r\n", 6, "ice-ufrag"),
                Arguments.of(HEAD + "a=group:\r\n", 5, "group needs"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void failsWithLineNumberAndReason(String sdp, int line, String reason) {
        assertThatThrownBy(() -> SessionDescription.parse(sdp))
                .isInstanceOf(SdpParseException.class)
                .satisfies(e -> {
                    SdpParseException p = (SdpParseException) e;
                    assertThat(p.line()).as(p.getMessage()).isEqualTo(line);
                    assertThat(p.reason()).as(p.getMessage()).contains(reason);
                    assertThat(p.getMessage()).startsWith(line > 0 ? "SDP line " + line + ": " : "SDP: ");
                });
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void sameFailureWithLineFeedOnly(String sdp, int line, String reason) {
        String lf = sdp.replace("\r\n", "\n");
        assertThatThrownBy(() -> SessionDescription.parse(lf)).isInstanceOf(SdpParseException.class);
    }

    @org.junit.jupiter.api.Test
    void nullAndHugeInputAreRefused() {
        assertThatThrownBy(() -> SessionDescription.parse(null)).isInstanceOf(SdpParseException.class);
        String huge = HEAD + "a=x:" + "y".repeat(SdpParser.MAX_LENGTH) + "\r\n";
        assertThatThrownBy(() -> SessionDescription.parse(huge)).isInstanceOf(SdpParseException.class)
                .hasMessageContaining("longer than");
    }
}
