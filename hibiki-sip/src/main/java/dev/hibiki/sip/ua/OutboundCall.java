package dev.hibiki.sip.ua;

import dev.hibiki.sip.SipAccount;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;

/**
 * One call the gateway places: INVITE with the SDP offer, digest authentication when challenged (once per
 * challenge kind, so a wrong password ends in the server's 403 or a second 401), provisional responses, ACK,
 * BYE in both directions, re-INVITE answered with the same offer, and CANCEL while unanswered.
 */
public final class OutboundCall implements SipUserAgent.SipSession {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundCall.class);
    private static final int MAX_CHALLENGES = 2;

    private enum Phase { CALLING, PROCEEDING, CONFIRMED, ENDED }

    private final SipUserAgent ua;
    private final SipAccount account;
    private final String callee;
    private final String toStream;
    private final CallSignals signals;
    private final AuthenticationHelper auth;
    private final long sessionId = System.currentTimeMillis();
    private long sdpVersion = 1;
    private final int audioPort;
    private final boolean sendAudio;
    private final int videoPort;
    private final boolean sendVideo;

    private Phase phase = Phase.CALLING;
    private CallIdHeader callId;
    private ClientTransaction invite;
    private Dialog dialog;
    private int challenges;
    private boolean cancelRequested;
    private boolean cancelSent;
    private String hangUpReason = "cancelled";

    public OutboundCall(SipUserAgent ua, SipAccount account, String callee, String toStream, int audioPort,
                        boolean sendAudio, int videoPort, boolean sendVideo, CallSignals signals) {
        this.ua = ua;
        this.account = account;
        this.callee = callee;
        this.toStream = toStream;
        this.signals = signals;
        this.audioPort = audioPort;
        this.sendAudio = sendAudio;
        this.videoPort = videoPort;
        this.sendVideo = sendVideo;
        this.auth = ua.authenticationHelper(Addressing.credentials(account));
    }

    /** Sends the INVITE. */
    public synchronized void start() {
        try {
            callId = ua.newCallId(this);
            SipURI target = Addressing.calleeUri(ua.addresses(), callee, account);
            FromHeader from = ua.headers().createFromHeader(
                    ua.addresses().createAddress(Addressing.accountUri(ua.addresses(), account)), Addressing.tag());
            ToHeader to = ua.headers().createToHeader(ua.addresses().createAddress(target), null);
            Request request = ua.messages().createRequest(target, Request.INVITE, callId,
                    ua.headers().createCSeqHeader(1L, Request.INVITE), from, to, Addressing.via(ua, account),
                    ua.headers().createMaxForwardsHeader(70));
            request.addHeader(Addressing.contact(ua, account));
            var route = Addressing.proxyRoute(ua, account);
            if (route != null) request.addHeader(route);
            request.addHeader(ua.headers().createUserAgentHeader(java.util.List.of("Hibiki")));
            request.addHeader(ua.headers().createAllowHeader("INVITE, ACK, CANCEL, BYE, OPTIONS"));
            if (toStream != null && !toStream.isEmpty()) request.addHeader(ua.headers().createHeader("X-To-Stream", toStream));
            request.setContent(offer(), sdpType());
            invite = ua.provider().getNewClientTransaction(request);
            invite.sendRequest();
        } catch (Exception e) {
            LOG.warn("INVITE to {} could not be sent: {}", callee, e.toString());
            end();
            CheckedAddressRouter.HopRefusedException refused = CheckedAddressRouter.refusal(e);
            signals.failed(500, "INVITE could not be sent: " + (refused != null ? refused.getMessage() : e.getMessage()));
        }
    }

    private byte[] offer() {
        return SdpOffer.build(ua.host(), sessionId, sdpVersion, audioPort, sendAudio, videoPort, sendVideo)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private ContentTypeHeader sdpType() throws java.text.ParseException {
        return ua.headers().createContentTypeHeader("application", "sdp");
    }

    /** The SIP Call-ID (not the API's callId). */
    public synchronized String sipCallId() {
        return callId == null ? null : callId.getCallId();
    }

    @Override
    public synchronized void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq == null || !cseq.getMethod().equals(Request.INVITE)) return; // BYE/CANCEL answers need nothing
        int status = response.getStatusCode();
        if (status < 200) {
            if (phase == Phase.CALLING) phase = Phase.PROCEEDING;
            if (cancelRequested) sendCancel();
            else if (status > 100) signals.ringing(status);
            return;
        }
        if (status < 300) {
            answered(event, cseq);
            return;
        }
        if ((status == 401 || status == 407) && phase != Phase.ENDED && !cancelRequested && challenges < MAX_CHALLENGES
                && !repeatedChallenge(event)) {
            challenges++;
            try {
                // loose routing: the retry is routed (and its hop checked) afresh, and the Request-URI gets no
                // maddr naming the address the first INVITE went to
                invite = auth.handleChallenge(response, event.getClientTransaction(), ua.provider(), 5, true);
                invite.sendRequest();
                return;
            } catch (Exception e) {
                LOG.info("call to {}: cannot answer the {} challenge: {}", callee, status, e.toString());
            }
        }
        if (phase == Phase.ENDED) return;
        end();
        if (cancelRequested) signals.ended(hangUpReason);
        else signals.failed(status, response.getReasonPhrase());
    }

    /** A challenge to an INVITE that already carried credentials means they were wrong. */
    private boolean repeatedChallenge(ResponseEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null) return false;
        Request sent = tx.getRequest();
        return sent.getHeader("Authorization") != null || sent.getHeader("Proxy-Authorization") != null;
    }

    private void answered(ResponseEvent event, CSeqHeader cseq) {
        Dialog d = event.getDialog();
        try {
            if (d != null) d.sendAck(d.createAck(cseq.getSeqNumber())); // also for retransmitted 200s
        } catch (Exception e) {
            CheckedAddressRouter.HopRefusedException refused = CheckedAddressRouter.refusal(e);
            if (refused != null && refused.notAllowed() && phase != Phase.CONFIRMED && phase != Phase.ENDED) {
                // the far end's Contact (or Record-Route) leads where the gateway may not go: no ACK, and no BYE
                // can reach it either
                LOG.warn("call to {}: ACK not sent: {}", callee, refused.getMessage());
                end();
                signals.failed(500, "ACK could not be sent: " + refused.getMessage());
                return;
            }
            LOG.debug("ACK failed: {}", e.toString());
        }
        if (phase == Phase.CONFIRMED || phase == Phase.ENDED && dialog != null) return;
        dialog = d;
        if (phase == Phase.ENDED || cancelRequested) {
            // answered while we were hanging up: the call exists now, so it ends with BYE
            phase = Phase.CONFIRMED;
            bye();
            signals.ended(hangUpReason);
            return;
        }
        phase = Phase.CONFIRMED;
        byte[] body = event.getResponse().getRawContent();
        signals.answered(SdpAnswer.parse(body == null ? "" : new String(body, StandardCharsets.US_ASCII)));
    }

    @Override
    public synchronized void onRequest(RequestEvent event) {
        Request request = event.getRequest();
        switch (request.getMethod()) {
            case Request.BYE -> {
                ua.respond(event, Response.OK);
                if (phase != Phase.ENDED) {
                    end();
                    signals.ended("remote BYE");
                }
            }
            case Request.INVITE -> reInvite(event);
            case Request.ACK -> { /* ACK of our answer to a re-INVITE */ }
            case Request.OPTIONS -> ua.respond(event, Response.OK);
            default -> ua.respond(event, Response.NOT_IMPLEMENTED);
        }
    }

    /** A re-INVITE (hold, codec or address change): answer with the same media, note the far end's new SDP. */
    private void reInvite(RequestEvent event) {
        if (phase != Phase.CONFIRMED) {
            ua.respond(event, Response.REQUEST_TERMINATED);
            return;
        }
        try {
            ServerTransaction tx = event.getServerTransaction();
            if (tx == null) tx = ua.provider().getNewServerTransaction(event.getRequest());
            Response ok = ua.messages().createResponse(Response.OK, event.getRequest());
            ok.addHeader(Addressing.contact(ua, account));
            sdpVersion++;
            ok.setContent(offer(), sdpType());
            tx.sendResponse(ok);
            byte[] body = event.getRequest().getRawContent();
            if (body != null && body.length > 0) {
                signals.mediaChanged(SdpAnswer.parse(new String(body, StandardCharsets.US_ASCII)));
            }
        } catch (Exception e) {
            LOG.info("call to {}: re-INVITE not answered: {}", callee, e.toString());
        }
    }

    @Override
    public synchronized void onTimeout(TimeoutEvent event) {
        if (phase == Phase.ENDED) return;
        if (!event.getClientTransaction().getRequest().getMethod().equals(Request.INVITE)) return;
        end();
        signals.failed(408, "no answer from " + callee);
    }

    /**
     * Hangs up: BYE when answered, CANCEL while unanswered (once a provisional response allows it). Reports
     * {@link CallSignals#ended} at once.
     */
    public synchronized void hangUp(String reason) {
        hangUpReason = reason;
        switch (phase) {
            case CONFIRMED -> {
                bye();
                end();
                signals.ended(reason);
            }
            case PROCEEDING, CALLING -> {
                // CANCEL may only follow a provisional response: before one it goes out when one comes. A 200
                // that crosses the CANCEL gets ACK and BYE. For the caller the call is over now, whether or not
                // the far end ever answers the CANCEL with 487.
                cancelRequested = true;
                if (phase == Phase.PROCEEDING) sendCancel();
                end();
                signals.ended(reason);
            }
            case ENDED -> { }
        }
    }

    private void sendCancel() {
        if (cancelSent) return;
        cancelSent = true;
        try {
            ClientTransaction cancel = ua.provider().getNewClientTransaction(invite.createCancel());
            cancel.sendRequest();
        } catch (Exception e) {
            LOG.info("call to {}: CANCEL failed: {}", callee, e.toString());
        }
    }

    private void bye() {
        if (dialog == null) return;
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction tx = ua.provider().getNewClientTransaction(bye);
            dialog.sendRequest(tx);
        } catch (Exception e) {
            LOG.info("call to {}: BYE failed: {}", callee, e.toString());
        }
    }

    private void end() {
        phase = Phase.ENDED;
        if (callId != null) {
            String id = callId.getCallId();
            // late retransmissions still find the call for a while (to be ACKed / answered)
            java.util.concurrent.CompletableFuture.delayedExecutor(32, java.util.concurrent.TimeUnit.SECONDS)
                    .execute(() -> ua.forget(id));
        }
    }
}
