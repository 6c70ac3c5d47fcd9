package dev.hibiki.live.hls;

import io.javalin.http.Context;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The HLS audience: distinct players (address and User-Agent) that read a playlist within the window. */
class HlsAudienceTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HlsAudience audience = new HlsAudience(ctx -> ctx.header("X-Test-Address"), now::get);

    /** A request with just the two headers the audience reads. */
    private static Context request(String address, String agent) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("header") && args != null && args.length == 1) {
                        return switch ((String) args[0]) {
                            case "X-Test-Address" -> address;
                            case "User-Agent" -> agent;
                            default -> null;
                        };
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void distinctPlayersWithinTheWindowCountOnceEach() {
        for (int reload = 0; reload < 5; reload++) {
            audience.playlistRead("ch", request("192.0.2.1", "hls.js"));
            audience.playlistRead("ch", request("192.0.2.1", "Safari"));
            audience.playlistRead("ch", request("192.0.2.2", "hls.js"));
            now.addAndGet(1_000_000_000L);
        }
        audience.playlistRead("other", request("192.0.2.3", "hls.js"));
        assertThat(audience.viewers("ch")).isEqualTo(3);
        assertThat(audience.viewers("other")).isEqualTo(1);
        assertThat(audience.viewers("nobody")).isZero();
    }

    @Test
    void aPlayerThatStopsReloadingLeavesTheCountAfterTheWindow() {
        audience.playlistRead("ch", request("192.0.2.1", "hls.js"));
        now.addAndGet(HlsAudience.WINDOW_NANOS - 1);
        audience.playlistRead("ch", request("192.0.2.2", "hls.js"));
        assertThat(audience.viewers("ch")).isEqualTo(2);
        now.addAndGet(2);
        assertThat(audience.viewers("ch")).isEqualTo(1);
        now.addAndGet(HlsAudience.WINDOW_NANOS);
        assertThat(audience.viewers("ch")).isZero();
    }

    @Test
    void aDeletedChannelIsForgotten() {
        audience.playlistRead("ch", request("192.0.2.1", "hls.js"));
        audience.channelDeleted("ch");
        assertThat(audience.viewers("ch")).isZero();
    }
}
