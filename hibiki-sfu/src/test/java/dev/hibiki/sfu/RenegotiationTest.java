package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.rtp.rtcp.PliPacket;
import dev.hibiki.rtp.rtcp.RtcpHeader;
import dev.hibiki.sdp.Direction;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hibiki.sfu.Packets.VP8_KEYFRAME;
import static dev.hibiki.sfu.Packets.containing;
import static dev.hibiki.sfu.Packets.part;
import static dev.hibiki.sfu.Packets.payloadOf;
import static dev.hibiki.sfu.TestSfu.VP8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How senders coming and going change the viewers' offers, and what the listeners hear. */
class RenegotiationTest {

    private static final long VIDEO = 0x2222_0002L;

    private TestSfu sfu;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        sfu = new TestSfu(2);
        router = sfu.router("ch");
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    private static SessionDescription parse(String sdp) throws Exception {
        return SessionDescription.parse(sdp);
    }

    @Test
    void aSenderThatComesUpIsOfferedToEveryViewerWhichStartsItOnAKeyframe() throws Exception {
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        assertThat(parse(viewer.connection.offer()).media()).extracting(MediaDescription::media)
                .containsExactly(MediaDescription.APPLICATION);
        assertThat(viewer.events.log).containsExactly("connected");

        TestSfu.Peer publisher = sfu.publisher(router, "P", 0x1111_0001L, VIDEO, 0x3333_0003L);
        assertThat(sfu.publications).containsExactly("published P 2");
        String reOffer = viewer.answerReOffer();
        assertThat(parse(reOffer).media()).extracting(MediaDescription::media)
                .containsExactly(MediaDescription.APPLICATION, MediaDescription.AUDIO, MediaDescription.VIDEO);
        assertThat(viewer.forwarded("P", "video").direction()).isEqualTo(Direction.SENDONLY);

        // The re-answer made the tracks known to the browser: they start on a keyframe, which is asked for.
        byte[] pli = part(publisher.transport.nextRtcp(containing(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)),
                RtcpHeader.PSFB, RtcpHeader.FMT_PLI).bytes();
        assertThat(PliPacket.mediaSsrc(pli, 0)).isEqualTo(VIDEO);
        publisher.transport.receiveRtp(new Packets.Rtp(VP8, VIDEO).seq(1).timestamp(0).payload(VP8_KEYFRAME).build(),
                System.nanoTime());
        assertThat(payloadOf(viewer.transport.nextRtp())).isEqualTo(VP8_KEYFRAME);
    }

    @Test
    void aSenderThatLeavesIsTakenOutOfTheOffersKeepingTheBundleSection() throws Exception {
        TestSfu.Peer publisher = sfu.publisher(router, "P", 0x1111_0001L, VIDEO, 0x3333_0003L);
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        assertThat(parse(viewer.connection.offer()).media()).extracting(MediaDescription::media)
                .as("a viewer that joins a live sender gets its tracks in the first offer")
                .containsExactly(MediaDescription.AUDIO, MediaDescription.VIDEO);

        publisher.connection.close();
        assertThat(sfu.publications).containsExactly("published P 2", "left P");
        assertThat(publisher.transport.isClosed()).isTrue();
        List<MediaDescription> sections = parse(viewer.answerReOffer()).media();
        assertThat(sections.get(0).isRejected()).as("the BUNDLE-tagged section carries the transport").isFalse();
        assertThat(sections.get(0).direction()).isEqualTo(Direction.INACTIVE);
        assertThat(sections.get(0).ssrcs()).isEmpty();
        assertThat(sections.get(1).isRejected()).isTrue();
        assertThat(router.connectionCount()).isEqualTo(1);
        assertThat(publisher.events.log).as("closing is not reported to its own listener").containsExactly("connected");
    }

    @Test
    void changesWhileAReOfferAwaitsItsAnswerAreOfferedOnceItIsAnswered() throws Exception {
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        TestSfu.Peer first = sfu.publisher(router, "A", 0x1111_0001L, VIDEO, 0x3333_0003L);
        String withA = viewer.events.nextReOffer();
        TestSfu.Peer second = sfu.publisher(router, "B", 0x1111_0011L, 0x2222_0022L, 0x3333_0033L);
        first.connection.close();
        assertThat(viewer.events.reOffers).as("one offer outstanding at a time").isEmpty();

        viewer.connection.applyReAnswer(new BrowserAnswer().to(withA));
        SessionDescription next = parse(viewer.answerReOffer());
        assertThat(next.media().stream().filter(m -> !m.isRejected() && !m.ssrcs().isEmpty())
                .map(m -> m.msid().orElseThrow().streamId()).distinct().toList()).containsExactly("B");
        assertThat(viewer.events.reOffers).isEmpty();
        assertThat(second.connection.offer()).isNotEmpty();
        assertThat(sfu.publications).containsExactly("published A 2", "published B 2", "left A");
    }

    @Test
    void aFailedTransportClosesTheConnectionAndTellsItsListenerAndTheOtherViewers() throws Exception {
        TestSfu.Peer publisher = sfu.publisher(router, "P", 0x1111_0001L, VIDEO, 0x3333_0003L);
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        publisher.transport.fail("DTLS-CLOSED");
        assertThat(publisher.events.log).containsExactly("connected", "closed DTLS-CLOSED");
        assertThat(publisher.transport.isClosed()).isTrue();
        assertThat(viewer.events.nextReOffer()).isNotNull();
        assertThat(router.connectionCount()).isEqualTo(1);

        publisher.transport.fail("again");
        assertThat(publisher.events.log).as("a closed connection ignores its transport").hasSize(2);
    }

    @Test
    void theAnswerSetsTheDtlsRoleAndMustHaveAUsableFingerprint() throws Exception {
        TestSfu.Peer active = sfu.join(router, TestSfu.viewer("A"));
        active.connection.applyAnswer(new BrowserAnswer().to(active.connection.offer()));
        assertThat(active.transport.role).as("the browser opens the handshake").isEqualTo(DtlsRole.SERVER);
        assertThat(active.transport.remoteFingerprints).hasSize(1);
        assertThatThrownBy(() -> active.connection.applyAnswer(new BrowserAnswer().to(active.connection.offer())))
                .isInstanceOf(InvalidAnswerException.class).hasMessageContaining("already applied");

        TestSfu.Peer passive = sfu.join(router, TestSfu.viewer("B"));
        passive.connection.applyAnswer(new BrowserAnswer().passive().to(passive.connection.offer()));
        assertThat(passive.transport.role).isEqualTo(DtlsRole.CLIENT);

        TestSfu.Peer md5 = sfu.join(router, TestSfu.viewer("C"));
        String answer = new BrowserAnswer().to(md5.connection.offer())
                .replace("a=fingerprint:" + BrowserAnswer.FINGERPRINT,
                        "a=fingerprint:md5 34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C");
        assertThatThrownBy(() -> md5.connection.applyAnswer(answer)).isInstanceOf(InvalidAnswerException.class)
                .hasMessageContaining("no usable a=fingerprint");
    }
}
