package dev.hibiki.sip;

import dev.hibiki.sip.media.RtmpTarget;
import dev.hibiki.sip.ua.Callee;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hosts a call request names, each one the gateway may connect to, so that they can be checked when the call
 * is requested: the SIP domain (REGISTER, and the INVITE for a callee that is a user there), the outbound proxy,
 * the callee's host and the RTMP URL's host. Every connection is checked again when it is made.
 */
public final class CallDestinations {

    /** Which part of the request names the host. */
    public enum Part { SIP_DOMAIN, SIP_OUTBOUND_PROXY, CALLEE, RTMP_URL }

    public record Destination(Part part, String host) {
    }

    private CallDestinations() {
    }

    /** The hosts of {@code request}; a callee or RTMP URL that cannot be parsed names none (the call fails then). */
    public static List<Destination> of(CallRequest request) {
        SipAccount account = request.account();
        List<Destination> out = new ArrayList<>();
        out.add(new Destination(Part.SIP_DOMAIN, account.domain()));
        if (account.outboundProxy() != null && !account.outboundProxy().isEmpty()) {
            out.add(new Destination(Part.SIP_OUTBOUND_PROXY, withoutPort(account.outboundProxy())));
        }
        try {
            out.add(new Destination(Part.CALLEE, Callee.host(request.callee(), account)));
        } catch (ParseException e) {
            // the INVITE cannot be built either
        }
        try {
            out.add(new Destination(Part.RTMP_URL, RtmpTarget.parse(request.rtmpUrl()).host()));
        } catch (IllegalArgumentException e) {
            // the publish cannot be opened either
        }
        return out;
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port} → the host. */
    static String withoutPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(1, end);
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
