package dev.hibiki.sfu;

import dev.hibiki.ice.IceSettings;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.SessionDescription;
import dev.hibiki.sdp.VideoCodecType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Router membership and offers on a real SFU bound to loopback (no browser: the answers are not applied). */
class RouterTest {

    private Sfu sfu;
    private final List<String> events = new ArrayList<>();
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void onConnected(Connection connection) {
            events.add("connected " + connection.id());
        }

        @Override
        public void onRenegotiationNeeded(Connection connection, String offerSdp) {
            events.add("re-offer " + connection.id());
        }

        @Override
        public void onClosed(Connection connection, String reason) {
            events.add("closed " + connection.id() + " " + reason);
        }
    };

    @BeforeEach
    void start() throws Exception {
        sfu = Sfu.start(new SfuConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(InetAddress.getLoopbackAddress()), IceSettings.DEFAULT, 2500));
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    private static ConnectionSpec sender(String id) {
        return new ConnectionSpec(id, true, false, true, true, null, null);
    }

    private static ConnectionSpec receiver(String id) {
        return new ConnectionSpec(id, false, true, true, true, null, null);
    }

    @Test
    void aSingleStreamChannelTakesOneSender() throws Exception {
        Router router = sfu.router("ch", ChannelMode.SINGLE_STREAM);
        Connection first = router.join(sender("A"), listener);
        assertThatThrownBy(() -> router.join(sender("B"), listener))
                .isInstanceOf(JoinRefusedException.class)
                .hasMessageStartingWith("SENDER-ALREADY-CONNECTED");
        router.join(receiver("C"), listener);
        assertThat(router.connectionCount()).isEqualTo(2);

        first.close();
        Connection again = router.join(sender("D"), listener);
        assertThat(again.id()).isEqualTo("D");
    }

    @Test
    void thePublicationListenerHearsWhenASenderLeaves() throws Exception {
        List<String> publications = new ArrayList<>();
        sfu.setPublicationListener(new PublicationListener() {
            @Override
            public void onPublished(Router router, Connection publisher, List<PublishedTrack> tracks) {
                publications.add("published " + publisher.id());
            }

            @Override
            public void onPublisherLeft(Router router, Connection publisher) {
                publications.add("left " + router.id() + " " + publisher.id());
            }
        });
        Router router = sfu.router("multi", ChannelMode.MULTISTREAM);
        Connection a = router.join(sender("A"), listener);
        Connection viewer = router.join(receiver("V"), listener);
        viewer.close();
        a.close();
        // no media flowed (no answer), so nothing was published; a receiver leaving is no publication event
        assertThat(publications).containsExactly("left multi A");
    }

    @Test
    void aMultistreamChannelTakesManySenders() throws Exception {
        Router router = sfu.router("multi", ChannelMode.MULTISTREAM);
        router.join(sender("A"), listener);
        router.join(sender("B"), listener);
        assertThat(router.connectionCount()).isEqualTo(2);
    }

    @Test
    void aSendersOfferReceivesAudioAndVideoOnTheAdvertisedMids() throws Exception {
        Connection c = sfu.router("ch", ChannelMode.MULTISTREAM)
                .join(new ConnectionSpec("A", true, false, true, true, VideoCodecType.VP9, 800), listener);
        SessionDescription offer = SessionDescription.parse(c.offer());
        assertThat(c.sendMids()).containsOnlyKeys("audio", "video");
        MediaDescription audio = offer.media(c.sendMids().get("audio")).orElseThrow();
        MediaDescription video = offer.media(c.sendMids().get("video")).orElseThrow();
        assertThat(audio.toString()).contains("recvonly");
        assertThat(c.offer()).contains("a=ice-lite", "a=setup:actpass", "typ host", "VP9/90000", "b=AS:800")
                .doesNotContain("VP8/90000", "H264/90000");
        assertThat(video.toString()).contains("recvonly");
        assertThat(c.offer()).contains(" " + sfu.mediaPort() + " typ host");
    }

    @Test
    void aReceiverInAnEmptyChannelStillGetsASectionToConnectWith() throws Exception {
        Connection c = sfu.router("empty", ChannelMode.MULTISTREAM).join(receiver("R"), listener);
        SessionDescription offer = SessionDescription.parse(c.offer());
        assertThat(offer.mids()).hasSize(1);
        assertThat(c.offer()).contains("m=application");
        assertThat(c.sendMids()).isEmpty();
    }

    @Test
    void badAnswersAreRefusedWithAReason() throws Exception {
        Connection c = sfu.router("ch", ChannelMode.MULTISTREAM).join(sender("A"), listener);
        assertThatThrownBy(() -> c.applyAnswer("not sdp")).isInstanceOf(InvalidAnswerException.class);
        assertThatThrownBy(() -> c.applyReAnswer("v=0")).isInstanceOf(InvalidAnswerException.class)
                .hasMessageContaining("re-answer before answer");
    }

    @Test
    void removingAChannelClosesItsConnectionsAndRefusesNewOnes() throws Exception {
        Router router = sfu.router("gone", ChannelMode.MULTISTREAM);
        router.join(sender("A"), listener);
        sfu.removeChannel("gone");
        assertThat(router.connectionCount()).isZero();
        assertThatThrownBy(() -> router.join(sender("B"), listener)).isInstanceOf(JoinRefusedException.class);
        // The id names a fresh channel afterwards.
        assertThat(sfu.router("gone", ChannelMode.MULTISTREAM)).isNotSameAs(router);
    }
}
