package dev.hibiki.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardedMessageParserFactoryTest {
    private final MessageParser parser = new GuardedMessageParserFactory().createMessageParser(null);

    private static byte[] options(String via, String body) {
        return ("OPTIONS sip:gateway@192.0.2.1 SIP/2.0\r\n" + via + "\r\nMax-Forwards: 70\r\n"
                + "From: <sip:scanner@203.0.113.5>;tag=1\r\nTo: <sip:gateway@192.0.2.1>\r\nCall-ID: c1\r\n"
                + "CSeq: 1 OPTIONS\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aViaCommentEndingInABackslashIsRefusedInsteadOfExhaustingTheHeap() {
        // Without the guard JAIN-SIP appends to the comment until OutOfMemoryError; the timeout bounds that.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String via : new String[] {"Via: SIP/2.0/UDP 192.0.2.1 (a\\", "Via: SIP/2.0/UDP 192.0.2.1 (a\\ \t",
                    "Via: SIP/2.0/UDP 192.0.2.1 (a\\\0\0\u001f"}) {
                assertThatThrownBy(() -> parser.parseSIPMessage(options(via, ""), true, false, null))
                        .isInstanceOf(ParseException.class).hasMessageContaining("backslash");
            }
        });
    }

    @Test
    void aHeaderJainSipFailsOnWithARuntimeExceptionIsRefusedAsMalformed() {
        // as fuzzing sent it: JAIN-SIP's RSeqParser throws NumberFormatException for this value
        byte[] message = options("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\nRSeq: \u00fe1 INVITE", "");

        assertThatThrownBy(() -> parser.parseSIPMessage(message, true, false, null))
                .isInstanceOf(ParseException.class).hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void viaCommentsWithEscapesAndBackslashesInTheBodyStillParse() throws Exception {
        SIPMessage message = parser.parseSIPMessage(
                options("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1 (a\\)b)", "a=x-note:ends in \\\r\n"),
                true, false, null);

        assertThat(message.getTopmostVia().getBranch()).isEqualTo("z9hG4bK1");
        assertThat(new String(message.getRawContent(), StandardCharsets.US_ASCII)).endsWith("\\\r\n");
    }

    @Test
    void onlyHeaderLinesAreLookedAt() {
        assertThat(GuardedMessageParserFactory.headerLineEndingInBackslash(
                "A: b\\\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(4);
        assertThat(GuardedMessageParserFactory.headerLineEndingInBackslash(
                "A: b\\\nB: c".getBytes(StandardCharsets.US_ASCII))).isEqualTo(4);
        assertThat(GuardedMessageParserFactory.headerLineEndingInBackslash(
                "A: b\\".getBytes(StandardCharsets.US_ASCII))).isEqualTo(4);
        assertThat(GuardedMessageParserFactory.headerLineEndingInBackslash(
                "A: b\\\0 \t\nB: c".getBytes(StandardCharsets.US_ASCII))).isEqualTo(4);
        assertThat(GuardedMessageParserFactory.headerLineEndingInBackslash(
                "A: b\r\n\r\nbody\\\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(GuardedMessageParserFactory.headerLineEndingInBackslash(
                "A: b\\c\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    }

    @Test
    void theGatewayStackParsesWithIt() throws Exception {
        try (SipUserAgent ua = new SipUserAgent(InetAddress.getLoopbackAddress(), 0,
                dev.hibiki.net.OutboundAddressPolicy.allowingPrivateNetworks())) {
            assertThat(((SIPTransactionStack) ua.provider().getSipStack()).getMessageParserFactory())
                    .isInstanceOf(GuardedMessageParserFactory.class);
        }
    }
}
