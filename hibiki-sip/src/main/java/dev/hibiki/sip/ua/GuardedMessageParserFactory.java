package dev.hibiki.sip.ua;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import java.text.ParseException;

/**
 * The message parser of the gateway's SIP stack (UDP and TCP): JAIN-SIP's own, behind a check for the one input
 * known to send it into an endless loop. Its Via parser reads a comment's backslash and the character after it as
 * a pair; when the backslash ends the header line, the pair swallows the line end, and the loop then appends the
 * lexer's end-of-input character until the heap is exhausted. A datagram of a hundred bytes
 * ({@code Via: SIP/2.0/UDP host (a\} and the usual headers) would do that to the server. JAIN-SIP first strips
 * every character up to U+0020 from the end of a line, so a backslash followed only by such characters ends the
 * line just the same. RFC 3261's quoted-pair cannot escape CR or LF, and control characters have no place there
 * either, so no valid message has such a header line: it is refused as malformed before JAIN-SIP reads it.
 *
 * <p>Some of JAIN-SIP's header parsers also throw runtime exceptions on malformed values (e.g.
 * {@code NumberFormatException} for {@code RSeq}); its channels would log each as an error with the whole
 * datagram. They are refused as malformed too, as a {@link ParseException}.
 */
public final class GuardedMessageParserFactory implements MessageParserFactory {

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return new GuardedMessageParser(new StringMsgParserFactory().createMessageParser(stack));
    }

    private record GuardedMessageParser(MessageParser parser) implements MessageParser {
        @Override
        public SIPMessage parseSIPMessage(byte[] message, boolean readBody, boolean strict,
                                          ParseExceptionListener listener) throws ParseException {
            int at = headerLineEndingInBackslash(message);
            if (at >= 0) throw new ParseException("a header line ends with a backslash", at);
            try {
                return parser.parseSIPMessage(message, readBody, strict, listener);
            } catch (RuntimeException e) {
                ParseException malformed = new ParseException("malformed message: " + e, 0);
                malformed.initCause(e);
                throw malformed;
            }
        }
    }

    /** Where a header line's last character above U+0020 is a backslash, or -1. */
    static int headerLineEndingInBackslash(byte[] message) {
        int lineStart = 0;
        for (int i = 0; i <= message.length; i++) {
            boolean end = i == message.length;
            if (!end && message[i] != '\r' && message[i] != '\n') continue;
            if (i == lineStart && !end && lineStart > 0) return -1; // the empty line: the body follows
            int last = i - 1;
            while (last >= lineStart && (message[last] & 0xFF) <= ' ') last--;
            if (last >= lineStart && message[last] == '\\') return last;
            if (!end && message[i] == '\r' && i + 1 < message.length && message[i + 1] == '\n') i++;
            lineStart = i + 1;
        }
        return -1;
    }
}
