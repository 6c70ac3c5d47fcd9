package dev.hibiki.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Coverage-guided fuzzing (Jazzer, docs/FUZZING.md) of a SIP datagram reaching the gateway: the stack's message
 * parser ({@link GuardedMessageParserFactory} in front of JAIN-SIP's) as its UDP channel runs it (a malformed
 * optional header is dropped, a malformed essential one refuses the message), the same check of mandatory headers, then what {@link SipUserAgent}, {@link OutboundCall} and
 * {@link Registration} read from it, {@link SdpAnswer} included. The parser may refuse with
 * {@link ParseException}; nothing else may throw. The input is also handed to {@link SdpAnswer} directly as a
 * body. Without {@code JAZZER_FUZZ} only the committed inputs under {@code SipJazzerTestInputs} run.
 */
class SipJazzerTest {
    /** The headers whose parse error makes JAIN-SIP's UDP channel drop the whole message. */
    private static final Set<Class<?>> ESSENTIAL = Set.of(From.class, To.class, CSeq.class, Via.class, CallID.class,
            ContentLength.class, RequestLine.class, StatusLine.class);
    private static final ParseExceptionListener AS_THE_UDP_CHANNEL = (error, message, header, headerText, text) -> {
        if (header != null && ESSENTIAL.contains(header)) {
            throw error;
        }
        if (message != null) {
            message.addUnparsed(headerText);
        }
    };
    private static final MessageFactoryImpl MESSAGES = new MessageFactoryImpl();
    private static final MessageParser PARSER = new GuardedMessageParserFactory().createMessageParser(null);

    @FuzzTest(maxDuration = "10m")
    void datagram(byte[] data) {
        SdpAnswer.parse(new String(data, StandardCharsets.US_ASCII));
        SIPMessage message;
        try {
            message = PARSER.parseSIPMessage(data, true, false, AS_THE_UDP_CHANNEL);
        } catch (ParseException refused) {
            return;
        }
        if (message == null || message.getFrom() == null || message.getTo() == null || message.getCallId() == null
                || message.getCSeq() == null || message.getViaHeaders() == null) {
            return; // the UDP channel drops it before any listener sees it
        }
        message.getCallId().getCallId();
        if (message instanceof SIPResponse response) {
            readAsTheGateway(response);
        } else if (message instanceof SIPRequest request) {
            answerAsTheGateway(request);
        }
    }

    /** What {@link OutboundCall#onResponse} and {@link Registration#onResponse} read. */
    private static void readAsTheGateway(SIPResponse response) {
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        cseq.getMethod();
        cseq.getSeqNumber();
        int status = response.getStatusCode();
        response.getReasonPhrase();
        ExpiresHeader expires = response.getExpires();
        if (expires != null) {
            expires.getExpires();
        }
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact != null) {
            contact.getExpires();
        }
        if (status == 401 || status == 407) {
            readChallenges(response);
        }
        if (status >= 200 && status < 300) {
            byte[] body = response.getRawContent();
            assertThat(SdpAnswer.parse(body == null ? "" : new String(body, StandardCharsets.US_ASCII))).isNotNull();
        }
    }

    /** The challenge fields JAIN-SIP's digest helper reads before it answers a 401 or 407. */
    private static void readChallenges(SIPResponse response) {
        for (String name : List.of(WWWAuthenticateHeader.NAME, ProxyAuthenticateHeader.NAME)) {
            ListIterator<?> headers = response.getHeaders(name);
            while (headers != null && headers.hasNext()) {
                WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) headers.next();
                challenge.getScheme();
                challenge.getRealm();
                challenge.getNonce();
                challenge.getAlgorithm();
                challenge.getQop();
                challenge.getOpaque();
            }
        }
        response.getHeader(AuthorizationHeader.NAME);
    }

    /** What {@link SipUserAgent#respond} and {@link OutboundCall}'s re-INVITE answer build from a request. */
    private static void answerAsTheGateway(SIPRequest request) {
        int status = switch (request.getMethod()) {
            case Request.OPTIONS, Request.BYE -> Response.OK;
            case Request.INVITE -> Response.DECLINE;
            default -> Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST;
        };
        try {
            // SipUserAgent.respond catches whatever this throws; it only must not hang or exhaust memory.
            MESSAGES.createResponse(status, request);
        } catch (ParseException | RuntimeException ignored) {
            // answered by nobody, as the gateway would
        }
        byte[] body = request.getRawContent();
        if (body != null && body.length > 0) {
            assertThat(SdpAnswer.parse(new String(body, StandardCharsets.US_ASCII))).isNotNull();
        }
    }
}
