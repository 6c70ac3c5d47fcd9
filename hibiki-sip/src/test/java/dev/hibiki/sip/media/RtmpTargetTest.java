package dev.hibiki.sip.media;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URL FFmpeg is given (the checked address in place of the host) and the tcUrl the server still sees. */
class RtmpTargetTest {

    @Test
    void theAddressReplacesTheHostAndTheTcUrlKeepsTheName() throws Exception {
        RtmpTarget t = RtmpTarget.parse("rtmp://cdn.example.com/live/stream1");
        assertThat(t.host()).isEqualTo("cdn.example.com");
        assertThat(t.at(InetAddress.getByName("93.184.216.34"))).isEqualTo("rtmp://93.184.216.34:1935/live/stream1");
        assertThat(t.tcUrl()).isEqualTo("rtmp://cdn.example.com:1935/live");
        assertThat(t.url()).isEqualTo("rtmp://cdn.example.com/live/stream1");
    }

    @Test
    void portsUserInfoIpv6AndUnderscoresSurvive() throws Exception {
        RtmpTarget t = RtmpTarget.parse("RTMP://user:pw@my_wowza_server.com:1936/app/inst/s?key=1");
        assertThat(t.scheme()).isEqualTo("rtmp");
        assertThat(t.host()).isEqualTo("my_wowza_server.com");
        assertThat(t.at(InetAddress.getByName("2001:db8::5"))).isEqualTo("rtmp://user:pw@[2001:db8:0:0:0:0:0:5]:1936/app/inst/s?key=1");
        assertThat(t.tcUrl()).isEqualTo("rtmp://my_wowza_server.com:1936/app/inst");
        RtmpTarget v6 = RtmpTarget.parse("rtmps://[2606:2800:220:1::1]/live/s");
        assertThat(v6.host()).isEqualTo("2606:2800:220:1::1");
        assertThat(v6.tls()).isTrue();
        assertThat(v6.effectivePort()).isEqualTo(443);
        assertThat(v6.tcUrl()).isEqualTo("rtmps://[2606:2800:220:1::1]:443/live");
    }

    @Test
    void theApplicationIsCutFromThePathAsFfmpegCutsIt() {
        assertThat(RtmpTarget.parse("rtmp://h/live/s").app()).isEqualTo("live");
        assertThat(RtmpTarget.parse("rtmp://h/a/b/c/s").app()).isEqualTo("a/b");
        assertThat(RtmpTarget.parse("rtmp://h/app/mp4:file/x").app()).isEqualTo("app");
        assertThat(RtmpTarget.parse("rtmp://h/ondemand/x/y").app()).isEqualTo("ondemand");
        assertThat(RtmpTarget.parse("rtmp://h/app/inst?slist=s").app()).isEqualTo("app/inst");
        assertThat(RtmpTarget.parse("rtmp://h/live").app()).isEqualTo("live");
    }

    @Test
    void otherSchemesAreNotRtmpTargets() {
        assertThatThrownBy(() -> RtmpTarget.parse("http://h/live/s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtmpTarget.parse("rtmp:///live/s")).isInstanceOf(IllegalArgumentException.class);
    }
}
