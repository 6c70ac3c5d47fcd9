package dev.hibiki.sip.ua;

import dev.hibiki.sip.SipAccount;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The registration of one account: REGISTER (digest-authenticated when challenged), refreshed at half the expiry
 * the registrar granted, with one Call-ID and a rising CSeq as RFC 3261 10.2 asks; {@link #unregister} sends
 * Expires: 0.
 */
public final class Registration implements SipUserAgent.SipSession {
    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

    /** Told of each outcome: registered (status 200) or not. */
    public interface Outcome {
        void registered(boolean ok, int status, String reason);
    }

    private final SipUserAgent ua;
    private final SipAccount account;
    private final Duration expiry;
    private final ScheduledExecutorService timer;
    private final Outcome outcome;
    private final AuthenticationHelper auth;
    private CallIdHeader callId;
    private long cseq;
    private boolean stopped;

    public Registration(SipUserAgent ua, SipAccount account, Duration expiry, ScheduledExecutorService timer,
                        Outcome outcome) {
        this.ua = ua;
        this.account = account;
        this.expiry = expiry;
        this.timer = timer;
        this.outcome = outcome;
        this.auth = ua.authenticationHelper(Addressing.credentials(account));
    }

    public synchronized void register() {
        send((int) expiry.toSeconds());
    }

    public synchronized void unregister() {
        stopped = true;
        send(0);
    }

    private void send(int expires) {
        try {
            if (callId == null) callId = ua.newCallId(this);
            SipURI aor = Addressing.accountUri(ua.addresses(), account);
            var address = ua.addresses().createAddress(aor);
            Request request = ua.messages().createRequest(Addressing.registrarUri(ua.addresses(), account),
                    Request.REGISTER, callId, ua.headers().createCSeqHeader(++cseq, Request.REGISTER),
                    ua.headers().createFromHeader(address, Addressing.tag()), ua.headers().createToHeader(address, null),
                    Addressing.via(ua, account), ua.headers().createMaxForwardsHeader(70));
            ContactHeader contact = Addressing.contact(ua, account);
            request.addHeader(contact);
            request.addHeader(ua.headers().createExpiresHeader(expires));
            var route = Addressing.proxyRoute(ua, account);
            if (route != null) request.addHeader(route);
            ua.provider().getNewClientTransaction(request).sendRequest();
        } catch (Exception e) {
            LOG.info("REGISTER {}@{} not sent: {}", account.login(), account.domain(), e.toString());
            CheckedAddressRouter.HopRefusedException refused = CheckedAddressRouter.refusal(e);
            if (expires > 0) {
                outcome.registered(false, 500, "REGISTER could not be sent: "
                        + (refused != null ? refused.getMessage() : e.getMessage()));
            }
        }
    }

    @Override
    public synchronized void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) return;
        ClientTransaction tx = event.getClientTransaction();
        if ((status == 401 || status == 407) && tx != null && tx.getRequest().getHeader("Authorization") == null
                && tx.getRequest().getHeader("Proxy-Authorization") == null) {
            try {
                ClientTransaction retry = auth.handleChallenge(response, tx, ua.provider(), 5, true);
                cseq = ((javax.sip.header.CSeqHeader) retry.getRequest().getHeader("CSeq")).getSeqNumber();
                retry.sendRequest();
                return;
            } catch (Exception e) {
                LOG.info("REGISTER challenge not answered: {}", e.toString());
            }
        }
        if (stopped) return;
        if (status >= 300) {
            outcome.registered(false, status, response.getReasonPhrase());
            return;
        }
        long granted = expiry.toSeconds();
        ExpiresHeader expires = response.getExpires();
        if (expires != null) granted = expires.getExpires();
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact != null && contact.getExpires() > 0) granted = contact.getExpires();
        // half the granted time, so the refresh lands before the binding expires even when the registrar grants a few seconds
        long refreshMillis = Math.max(500, granted * 500);
        timer.schedule(() -> {
            synchronized (this) {
                if (!stopped) register();
            }
        }, refreshMillis, TimeUnit.MILLISECONDS);
        outcome.registered(true, status, response.getReasonPhrase());
    }

    @Override
    public void onRequest(RequestEvent event) {
        ua.respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
    }

    @Override
    public synchronized void onTimeout(TimeoutEvent event) {
        if (!stopped) outcome.registered(false, 408, "no answer from the registrar");
    }
}
