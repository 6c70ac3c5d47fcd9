package dev.hibiki.sip.ua;

import dev.hibiki.net.OutboundAddressPolicy;
import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.InetAddress;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's SIP user agent: one JAIN-SIP stack listening on UDP and TCP (same port), handing every message to
 * the {@link SipSession} (call or registration) its Call-ID belongs to. Answers what belongs to nobody: OPTIONS
 * with 200, anything else with 481, and calls to the gateway with 603 (it only places calls).
 */
public final class SipUserAgent implements SipListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipUserAgent.class);
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final SipStack stack;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final MessageFactory messages;
    private final String host;
    private final int port;
    private final ConcurrentHashMap<String, SipSession> sessions = new ConcurrentHashMap<>();

    /** A call or registration: the messages of one Call-ID. */
    interface SipSession {
        void onResponse(ResponseEvent event);

        void onRequest(RequestEvent event);

        void onTimeout(TimeoutEvent event);
    }

    /** @param outbound where requests may go: each next hop is looked up once through it, checked, and used as is */
    public SipUserAgent(InetAddress address, int port, OutboundAddressPolicy outbound) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        String name = "hibiki-sip-" + STACKS.incrementAndGet();
        p.setProperty("javax.sip.STACK_NAME", name);
        p.setProperty("javax.sip.ROUTER_PATH", CheckedAddressRouter.class.getName());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", GuardedMessageParserFactory.class.getName());
        try (AutoCloseable ignored = CheckedAddressRouter.forStack(name, outbound)) {
            stack = factory.createSipStack(p);
        }
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        messages = factory.createMessageFactory();
        host = address.getHostAddress();
        ListeningPoint[] points = listen(port);
        this.port = points[0].getPort();
        provider = stack.createSipProvider(points[0]);
        provider.addListeningPoint(points[1]);
        provider.addSipListener(this);
        stack.start();
        LOG.info("SIP user agent on {}:{} (UDP and TCP)", host, this.port);
    }

    /** UDP and TCP on one port; for port 0 (JAIN-SIP refuses it) a port free for both is looked for. */
    private ListeningPoint[] listen(int port) throws Exception {
        int attempts = port == 0 ? 20 : 1;
        Exception last = null;
        for (int i = 0; i < attempts; i++) {
            int p = port == 0 ? freePort() : port;
            ListeningPoint udp = null;
            try {
                udp = stack.createListeningPoint(host, p, ListeningPoint.UDP);
                return new ListeningPoint[] {udp, stack.createListeningPoint(host, p, ListeningPoint.TCP)};
            } catch (Exception e) {
                last = e;
                if (udp != null) stack.deleteListeningPoint(udp);
            }
        }
        throw last;
    }

    private int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    SipProvider provider() {
        return provider;
    }

    HeaderFactory headers() {
        return headers;
    }

    AddressFactory addresses() {
        return addresses;
    }

    MessageFactory messages() {
        return messages;
    }

    AuthenticationHelper authenticationHelper(gov.nist.javax.sip.clientauthutils.AccountManager accounts) {
        return ((SipStackExt) stack).getAuthenticationHelper(accounts, headers);
    }

    CallIdHeader newCallId(SipSession session) {
        CallIdHeader id = provider.getNewCallId();
        sessions.put(id.getCallId(), session);
        return id;
    }

    void forget(String callId) {
        sessions.remove(callId);
    }

    private SipSession session(javax.sip.message.Message message) {
        CallIdHeader id = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return id == null ? null : sessions.get(id.getCallId());
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        SipSession session = session(request);
        if (session != null) {
            session.onRequest(event);
            return;
        }
        String method = request.getMethod();
        if (method.equals(Request.ACK)) return;
        int status = switch (method) {
            case Request.OPTIONS -> Response.OK;
            case Request.INVITE -> Response.DECLINE;
            default -> Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST;
        };
        respond(event, status);
    }

    /** Sends a response without a body to the request of {@code event}. */
    void respond(RequestEvent event, int status) {
        try {
            ServerTransaction tx = event.getServerTransaction();
            Response response = messages.createResponse(status, event.getRequest());
            if (tx == null) provider.sendResponse(response);
            else tx.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("could not answer {} with {}: {}", event.getRequest().getMethod(), status, e.toString());
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        SipSession session = session(event.getResponse());
        if (session != null) session.onResponse(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null) return;
        SipSession session = session(tx.getRequest());
        if (session != null) session.onTimeout(event);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("SIP I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // sessions track their own state
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // sessions track their own state
    }

    @Override
    public void close() {
        try {
            provider.removeSipListener(this);
            stack.stop();
        } catch (RuntimeException e) {
            LOG.debug("SIP stack stop: {}", e.toString());
        }
    }
}
