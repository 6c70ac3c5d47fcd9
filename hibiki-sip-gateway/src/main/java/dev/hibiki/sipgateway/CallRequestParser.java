package dev.hibiki.sipgateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.JsonFields;
import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.sip.CallDestinations;
import dev.hibiki.sip.CallRequest;
import dev.hibiki.sip.SipAccount;
import dev.hibiki.sip.SipTransport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the body of {@code call/startup} (and the older {@code RESTCall/call}); each error names its field. */
final class CallRequestParser {
    /** What a call request carries beyond the gateway's own {@link CallRequest}. */
    record ParsedCall(CallRequest call, String appKey) {
    }

    private static final String TOKEN = "[^\\s<>\"]+"; // no blanks, no characters that break SIP headers
    private static final String HOST = "[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]";
    private static final java.util.regex.Pattern RTMP_AUTHORITY =
            java.util.regex.Pattern.compile("(?:[^@/\\s]+@)?(?:[A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    private static final Map<CallDestinations.Part, String> FIELDS = Map.of(
            CallDestinations.Part.SIP_DOMAIN, "connection.sipDomain",
            CallDestinations.Part.SIP_OUTBOUND_PROXY, "connection.sipOutboundProxy",
            CallDestinations.Part.CALLEE, "callee",
            CallDestinations.Part.RTMP_URL, "rtmpUrl");

    private CallRequestParser() {
    }

    /**
     * @param outbound where calls may connect: every host the request names (domain, outbound proxy, callee, RTMP
     *                 URL) is checked against it, and a refusal names the field
     */
    static ParsedCall parse(ObjectNode body, OutboundAddressPolicy outbound) {
        String callId = text(body, "", "callId", true, 128, TOKEN);
        String callee = text(body, "", "callee", true, 256, TOKEN);
        String rtmpUrl = rtmpUrl(body);
        String rtmpStream = text(body, "", "rtmpStream", true, 256, "[^\\s/]+");
        boolean hasAudio = LenientFields.bool(body, "", "hasAudio", true);
        boolean hasVideo = LenientFields.bool(body, "", "hasVideo", false);
        String toStream = text(body, "", "toStream", false, 256, TOKEN);
        ObjectNode c = JsonFields.object(body, "", "connection", true);
        String login = text(c, "connection", "sipLogin", true, 128, "[^\\s@:<>\"]+");
        String password = LenientFields.text(c, "connection", "sipPassword", false, 256);
        String authName = text(c, "connection", "sipAuthenticationName", false, 128, "[^\\s<>\"]*");
        String domain = text(c, "connection", "sipDomain", true, 253, HOST);
        String proxy = text(c, "connection", "sipOutboundProxy", false, 260, "(?:" + HOST + ")(?::[0-9]{1,5})?|");
        int port = LenientFields.integer(c, "connection", "sipPort", 5060, 1, 65535);
        boolean register = LenientFields.bool(c, "connection", "sipRegisterRequired", false);
        String appKey = text(c, "connection", "appKey", false, 100, "[A-Za-z0-9._-]*");
        String transport = JsonFields.oneOf(c, "connection", "sipTransport", Set.of("UDP", "TCP", "udp", "tcp"));
        SipAccount account = new SipAccount(login, password == null ? "" : password, authName, domain,
                proxy == null || proxy.isEmpty() ? null : proxy, port, register,
                transport == null ? SipTransport.UDP : SipTransport.valueOf(transport.toUpperCase(Locale.ROOT)));
        CallRequest call = new CallRequest(callId, callee, rtmpUrl, rtmpStream, hasAudio, hasVideo, toStream, account);
        checkDestinations(call, outbound);
        return new ParsedCall(call, appKey == null || appKey.isEmpty() ? null : appKey);
    }

    private static void checkDestinations(CallRequest call, OutboundAddressPolicy outbound) {
        Set<String> checked = new HashSet<>();
        for (CallDestinations.Destination d : CallDestinations.of(call)) {
            if (!checked.add(d.host().toLowerCase(Locale.ROOT))) continue;
            try {
                outbound.checkNamed(FIELDS.get(d.part()), d.host());
            } catch (DestinationNotAllowedException e) {
                throw ApiException.invalid(e.getMessage());
            }
        }
    }

    static String text(ObjectNode parent, String parentPath, String name, boolean required, int max, String pattern) {
        String s = LenientFields.text(parent, parentPath, name, required, max);
        if (s != null && !s.matches(pattern)) {
            throw ApiException.invalid(JsonFields.path(parentPath, name) + " contains characters it cannot have (got \"" + s + "\")");
        }
        return s;
    }

    private static String rtmpUrl(ObjectNode body) {
        String s = text(body, "", "rtmpUrl", true, 1024, "\\S+");
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            // Not uri.getHost(): it is null for names with '_' (Flashphoner's own example is my_wowza_server.com),
            // which DNS and FFmpeg's RTMP client accept.
            if ((scheme.equals("rtmp") || scheme.equals("rtmps")) && uri.getRawAuthority() != null
                    && RTMP_AUTHORITY.matcher(uri.getRawAuthority()).matches()) {
                return s;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ApiException.invalid("rtmpUrl must be an rtmp:// or rtmps:// URL with a host, such as rtmp://cdn.example.com/live (got \"" + s + "\")");
    }
}
