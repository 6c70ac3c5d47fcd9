package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.TestDoubles.ManualClock;
import dev.hibiki.ice.TestDoubles.MapRegistry;
import dev.hibiki.ice.TestDoubles.RecordingListener;
import dev.hibiki.ice.TestDoubles.RecordingTransport;
import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunErrorCode;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IceLiteSessionTest {
    private static final IceCredentials SERVER = new IceCredentials("srvUfrag", "serverPassword0123456789");
    private static final String BROWSER_UFRAG = "brws";
    private static final IceSettings SETTINGS =
            new IceSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1));

    private final ManualClock clock = new ManualClock();
    private final MapRegistry registry = new MapRegistry();
    private final RecordingListener listener = new RecordingListener();
    private final RecordingTransport transport = new RecordingTransport();
    private final StunMessage parser = new StunMessage();
    private IceLiteSession session;

    @BeforeEach
    void createSession() {
        session = new IceLiteSession(SERVER, SETTINGS, clock, registry, listener);
    }

    @Test
    void validCheckGetsSignedSuccessWithTheSourceAsMappedAddress() throws Exception {
        session.setRemoteCredentials(BROWSER_UFRAG, "browserPassword0123456789");
        InetSocketAddress browser = address("192.0.2.10", 54321);
        BrowserCheck check = BrowserCheck.to(SERVER, BROWSER_UFRAG);

        assertThat(handle(check, browser)).isEqualTo(BindingOutcome.SUCCESS);

        StunMessage response = lastResponse(browser);
        assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(response.transactionId()).isEqualTo(check.transactionId());
        assertThat(response.xorMappedAddress()).isEqualTo(browser);
        assertThat(response.checkMessageIntegrity(StunCredentials.shortTermKey(SERVER.password()))).isTrue();
        assertThat(response.checkFingerprint()).isTrue();
        assertThat(session.state()).isEqualTo(IceState.CONNECTED);
        assertThat(session.selectedAddress()).isEqualTo(browser);
        assertThat(session.isNominated()).isFalse();
        assertThat(registry.routes).containsEntry(browser, session);
        assertThat(listener.states).containsExactly(IceState.CHECKING, IceState.CONNECTED);
        assertThat(listener.selections).containsExactly("54321 provisional");
    }

    @Test
    void ipv6SourceIsMappedBack() throws Exception {
        InetSocketAddress browser = address("2001:db8::7", 40000);

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), browser);

        assertThat(lastResponse(browser).xorMappedAddress()).isEqualTo(browser);
    }

    @Test
    void checksBeforeTheAnswerAreAnsweredOnTheLocalPartAlone() throws Exception {
        InetSocketAddress browser = address("192.0.2.10", 54321);

        assertThat(handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), browser))
                .isEqualTo(BindingOutcome.SUCCESS);
        assertThat(session.state()).isEqualTo(IceState.CONNECTED);
        assertThat(session.isNominated()).isTrue();

        session.setRemoteCredentials(BROWSER_UFRAG, "browserPassword0123456789");

        assertThat(session.state()).isEqualTo(IceState.CONNECTED);
        assertThat(session.selectedAddress()).isEqualTo(browser);
        assertThat(listener.states).containsExactly(IceState.CONNECTED);
    }

    @Test
    void answerNamingAnotherBrowserForgetsWhatEarlyChecksValidated() throws Exception {
        InetSocketAddress stranger = address("192.0.2.66", 6666);
        handle(BrowserCheck.to(SERVER, "othr"), stranger);

        session.setRemoteCredentials(BROWSER_UFRAG, "browserPassword0123456789");

        assertThat(session.state()).isEqualTo(IceState.CHECKING);
        assertThat(session.selectedAddress()).isNull();
        assertThat(registry.routes).isEmpty();
        assertThat(handle(BrowserCheck.to(SERVER, "othr"), stranger)).isEqualTo(BindingOutcome.ERROR_RESPONSE);
        assertThat(lastResponse(stranger).errorCode()).isEqualTo(StunErrorCode.UNAUTHORIZED);
    }

    @Test
    void wrongRemoteUfragIsUnauthorized() throws Exception {
        session.setRemoteCredentials(BROWSER_UFRAG, "browserPassword0123456789");
        InetSocketAddress browser = address("192.0.2.10", 54321);

        assertThat(handle(BrowserCheck.to(SERVER, "nope"), browser)).isEqualTo(BindingOutcome.ERROR_RESPONSE);

        StunMessage response = lastResponse(browser);
        assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
        assertThat(response.errorCode()).isEqualTo(StunErrorCode.UNAUTHORIZED);
        assertThat(response.hasMessageIntegrity()).as("nothing to sign with for a stranger").isFalse();
        assertThat(response.checkFingerprint()).isTrue();
        assertThat(session.state()).isEqualTo(IceState.CHECKING);
        assertThat(registry.routes).isEmpty();
    }

    @Test
    void wrongPasswordIsUnauthorizedAndSelectsNothing() throws Exception {
        InetSocketAddress browser = address("192.0.2.10", 54321);
        BrowserCheck check = BrowserCheck.to(SERVER, BROWSER_UFRAG).password("notTheServerPassword0000").useCandidate();

        assertThat(handle(check, browser)).isEqualTo(BindingOutcome.ERROR_RESPONSE);

        StunMessage response = lastResponse(browser);
        assertThat(response.errorCode()).isEqualTo(StunErrorCode.UNAUTHORIZED);
        assertThat(response.transactionId()).isEqualTo(check.transactionId());
        assertThat(session.state()).isEqualTo(IceState.NEW);
        assertThat(session.selectedAddress()).isNull();
        assertThat(registry.routes).isEmpty();
    }

    @Test
    void missingIntegrityIsABadRequest() throws Exception {
        InetSocketAddress browser = address("192.0.2.10", 54321);

        assertThat(handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).withoutIntegrity(), browser))
                .isEqualTo(BindingOutcome.ERROR_RESPONSE);

        assertThat(lastResponse(browser).errorCode()).isEqualTo(StunErrorCode.BAD_REQUEST);
        assertThat(session.selectedAddress()).isNull();
    }

    @Test
    void corruptFingerprintIsDroppedSilently() throws Exception {
        InetSocketAddress browser = address("192.0.2.10", 54321);

        assertThat(handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).corruptFingerprint(), browser))
                .isEqualTo(BindingOutcome.BAD_FINGERPRINT);

        assertThat(transport.sent).isEmpty();
        assertThat(session.selectedAddress()).isNull();
    }

    @Test
    void checkWithoutFingerprintIsStillAnswered() throws Exception {
        InetSocketAddress browser = address("192.0.2.10", 54321);

        assertThat(handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).withoutFingerprint(), browser))
                .isEqualTo(BindingOutcome.SUCCESS);
    }

    @Test
    void controlledPeerGetsASignedRoleConflict() throws Exception {
        InetSocketAddress browser = address("192.0.2.10", 54321);

        assertThat(handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).controlled(), browser))
                .isEqualTo(BindingOutcome.ERROR_RESPONSE);

        StunMessage response = lastResponse(browser);
        assertThat(response.errorCode()).isEqualTo(StunErrorCode.ROLE_CONFLICT);
        assertThat(response.checkMessageIntegrity(StunCredentials.shortTermKey(SERVER.password()))).isTrue();
        assertThat(session.selectedAddress()).isNull();
    }

    @Test
    void unknownRequiredAttributeGets420ListingIt() throws Exception {
        InetSocketAddress browser = address("192.0.2.10", 54321);
        BrowserCheck check = BrowserCheck.to(SERVER, BROWSER_UFRAG)
                .unknownRequiredAttribute(BrowserCheck.UNDEFINED_REQUIRED_ATTRIBUTE);

        assertThat(handle(check, browser)).isEqualTo(BindingOutcome.ERROR_RESPONSE);

        TestDoubles.Sent sent = lastSent();
        StunMessage response = lastResponse(browser);
        assertThat(response.errorCode()).isEqualTo(StunErrorCode.UNKNOWN_ATTRIBUTE);
        // UNKNOWN-ATTRIBUTES right after ERROR-CODE: a 4-byte header, then 4 + 17 reason bytes padded to 24.
        int attribute = StunMessage.HEADER_LENGTH + 4 + 24;
        assertThat(u16(sent.bytes(), attribute)).isEqualTo(StunAttribute.UNKNOWN_ATTRIBUTES);
        assertThat(u16(sent.bytes(), attribute + 4)).isEqualTo(BrowserCheck.UNDEFINED_REQUIRED_ATTRIBUTE);
    }

    @Test
    void firstCheckIsProvisionalAndOnlyNominationsMoveTheSelection() throws Exception {
        session.setRemoteCredentials(BROWSER_UFRAG, "browserPassword0123456789");
        InetSocketAddress a = address("192.0.2.10", 1111);
        InetSocketAddress b = address("198.51.100.20", 2222);

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), a);
        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), b);
        assertThat(session.selectedAddress()).as("plain checks do not move a selection").isEqualTo(a);

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), b);
        assertThat(session.selectedAddress()).isEqualTo(b);
        assertThat(session.isNominated()).isTrue();

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), a);
        assertThat(session.selectedAddress()).isEqualTo(b);

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), a);
        assertThat(session.selectedAddress()).as("the latest nomination wins").isEqualTo(a);

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), a);
        assertThat(listener.selections)
                .containsExactly("1111 provisional", "2222 nominated", "1111 nominated");
        assertThat(registry.routes).containsOnlyKeys(a, b);
    }

    @Test
    void nominationOfTheProvisionalPathUpgradesIt() throws Exception {
        InetSocketAddress a = address("192.0.2.10", 1111);

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), a);
        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), a);

        assertThat(session.isNominated()).isTrue();
        assertThat(listener.selections).containsExactly("1111 provisional", "1111 nominated");
    }

    @Test
    void sendGoesToTheSelectedPathOnly() throws Exception {
        byte[] datagram = {22, 1, 2, 3, 4};
        assertThat(session.send(datagram, 0, datagram.length)).as("nowhere to send yet").isFalse();

        InetSocketAddress a = address("192.0.2.10", 1111);
        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), a);
        transport.sent.clear();

        assertThat(session.send(datagram, 1, 3)).isTrue();
        assertThat(lastSent().to()).isEqualTo(a);
        assertThat(lastSent().bytes()).containsExactly(1, 2, 3);

        session.close();
        assertThat(session.send(datagram, 0, datagram.length)).isFalse();
    }

    @Test
    void consentMovesThroughDisconnectedToFailed() throws Exception {
        InetSocketAddress a = address("192.0.2.10", 1111);
        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), a);

        clock.advanceMillis(9_999);
        session.checkConsent(clock.nanoTime());
        assertThat(session.state()).isEqualTo(IceState.CONNECTED);

        clock.advanceMillis(1);
        session.checkConsent(clock.nanoTime());
        assertThat(session.state()).isEqualTo(IceState.DISCONNECTED);
        assertThat(session.send(new byte[] {22}, 0, 1)).as("still sending while disconnected").isTrue();

        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), a);
        assertThat(session.state()).as("a consent check on the selected path revives it").isEqualTo(IceState.CONNECTED);

        clock.advanceMillis(29_999);
        session.checkConsent(clock.nanoTime());
        assertThat(session.state()).isEqualTo(IceState.DISCONNECTED);

        clock.advanceMillis(1);
        session.checkConsent(clock.nanoTime());
        assertThat(session.state()).isEqualTo(IceState.FAILED);
        assertThat(session.selectedAddress()).isNull();
        assertThat(registry.routes).isEmpty();
        assertThat(session.send(new byte[] {22}, 0, 1)).isFalse();

        transport.sent.clear();
        assertThat(handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), a)).isEqualTo(BindingOutcome.INACTIVE);
        assertThat(transport.sent).as("a failed session stays silent").isEmpty();
        assertThat(listener.states).containsExactly(IceState.CONNECTED, IceState.DISCONNECTED, IceState.CONNECTED,
                IceState.DISCONNECTED, IceState.FAILED);
    }

    @Test
    void onlyChecksOnTheSelectedPathRefreshConsent() throws Exception {
        InetSocketAddress a = address("192.0.2.10", 1111);
        InetSocketAddress b = address("198.51.100.20", 2222);
        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), a);

        for (int second = 1; second <= 10; second++) {
            clock.advanceMillis(1_000);
            handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), b);
            session.checkConsent(clock.nanoTime());
        }

        assertThat(session.state()).isEqualTo(IceState.DISCONNECTED);
    }

    @Test
    void sessionThatNeverConnectsFails() {
        session.setRemoteCredentials(BROWSER_UFRAG, "browserPassword0123456789");

        clock.advanceMillis(29_000);
        session.checkConsent(clock.nanoTime());
        assertThat(session.state()).isEqualTo(IceState.CHECKING);

        clock.advanceMillis(1_000);
        session.checkConsent(clock.nanoTime());
        assertThat(session.state()).isEqualTo(IceState.FAILED);
    }

    @Test
    void closeForgetsEverythingOnce() throws Exception {
        InetSocketAddress a = address("192.0.2.10", 1111);
        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), a);

        session.close();
        session.close();

        assertThat(session.state()).isEqualTo(IceState.CLOSED);
        assertThat(registry.routes).isEmpty();
        assertThat(registry.unregistered).containsExactly(session);
        assertThat(listener.states).containsExactly(IceState.CONNECTED, IceState.CLOSED);
        assertThat(handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), a)).isEqualTo(BindingOutcome.INACTIVE);
        clock.advanceMillis(60_000);
        session.checkConsent(clock.nanoTime());
        assertThat(session.state()).isEqualTo(IceState.CLOSED);
    }

    @Test
    void validatedPathsAreBoundedKeepingTheSelectedOne() throws Exception {
        List<InetSocketAddress> sources = new ArrayList<>();
        for (int i = 0; i <= IceLiteSession.MAX_PATHS; i++) {
            InetSocketAddress source = address("192.0.2.10", 3000 + i);
            sources.add(source);
            handle(BrowserCheck.to(SERVER, BROWSER_UFRAG), source);
        }

        assertThat(registry.routes).hasSize(IceLiteSession.MAX_PATHS);
        assertThat(registry.routes).containsKey(sources.get(0)).doesNotContainKey(sources.get(1));
        assertThat(session.selectedAddress()).isEqualTo(sources.get(0));
    }

    @Test
    void anotherSessionValidatingTheSameAddressTakesItOver() throws Exception {
        IceCredentials otherServer = new IceCredentials("srvOther", "otherServerPassword01234");
        RecordingListener otherListener = new RecordingListener();
        IceLiteSession other = new IceLiteSession(otherServer, SETTINGS, clock, registry, otherListener);
        InetSocketAddress reused = address("192.0.2.10", 1111);
        handle(BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate(), reused);

        byte[] check = BrowserCheck.to(otherServer, "next").useCandidate().build();
        parser.wrap(check, 0, check.length);
        assertThat(other.handleBindingRequest(parser, reused, transport)).isEqualTo(BindingOutcome.SUCCESS);

        assertThat(registry.routes).containsEntry(reused, other);
        assertThat(session.selectedAddress()).isNull();
        assertThat(listener.selections).containsExactly("1111 nominated", "none");
        assertThat(other.selectedAddress()).isEqualTo(reused);
    }

    @Test
    void throwingListenerDoesNotBreakTheSession() throws Exception {
        IceLiteSession fragile = new IceLiteSession(SERVER, SETTINGS, clock, registry, (s, state) -> {
            throw new IllegalStateException("listener bug");
        });
        byte[] check = BrowserCheck.to(SERVER, BROWSER_UFRAG).useCandidate().build();
        parser.wrap(check, 0, check.length);

        assertThat(fragile.handleBindingRequest(parser, address("192.0.2.10", 1111), transport))
                .isEqualTo(BindingOutcome.SUCCESS);
        assertThat(fragile.state()).isEqualTo(IceState.CONNECTED);
    }

    private BindingOutcome handle(BrowserCheck check, InetSocketAddress source) {
        byte[] bytes = check.build();
        assertThat(parser.wrap(bytes, 0, bytes.length)).isTrue();
        return session.handleBindingRequest(parser, source, transport);
    }

    private TestDoubles.Sent lastSent() {
        return transport.last();
    }

    private StunMessage lastResponse(InetSocketAddress expectedDestination) {
        TestDoubles.Sent sent = transport.last();
        assertThat(sent).as("a response was sent").isNotNull();
        assertThat(sent.to()).isEqualTo(expectedDestination);
        StunMessage response = StunMessage.parse(sent.bytes(), 0, sent.bytes().length);
        assertThat(response).isNotNull();
        assertThat(response.messageClass()).isIn(StunClass.SUCCESS_RESPONSE, StunClass.ERROR_RESPONSE);
        return response;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static InetSocketAddress address(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }
}
