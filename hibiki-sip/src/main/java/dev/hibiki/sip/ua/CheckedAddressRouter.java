package dev.hibiki.sip.ua;

import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.net.OutboundAddressPolicy;
import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each request the gateway sends goes: the hop JAIN-SIP's default router picks (the outbound proxy's Route,
 * else the Request-URI: the domain, the callee's host or its {@code maddr}; in a dialog the far end's Contact or
 * Record-Route), whose host is then looked up once through the gateway's {@link OutboundAddressPolicy}, checked,
 * and replaced by that address. The stack connects to the IP literal and never looks the name up itself, so
 * INVITE, ACK, CANCEL, BYE and REGISTER go to addresses that were checked; Request-URI, To and Route keep the
 * names the tenant gave.
 *
 * <p>JAIN-SIP creates its router itself, from the class named in {@code javax.sip.ROUTER_PATH}, while the stack
 * is being built; the policy reaches it through {@link #forStack}, keyed by the stack's name, for that moment.
 */
public final class CheckedAddressRouter implements Router {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedAddressRouter.class);
    private static final ConcurrentHashMap<String, OutboundAddressPolicy> POLICIES = new ConcurrentHashMap<>();

    /** A request that was not sent: its next hop is not allowed, or its host does not resolve. */
    public static final class HopRefusedException extends SipException {
        HopRefusedException(String message, Throwable cause) {
            super(message, cause);
        }

        /** Whether the policy refused the hop (rather than the name not resolving). */
        public boolean notAllowed() {
            return getCause() instanceof DestinationNotAllowedException;
        }
    }

    private final DefaultRouter defaults;
    private final OutboundAddressPolicy policy;

    /** Called by JAIN-SIP, by reflection, while the stack named in {@link #forStack} is being created. */
    public CheckedAddressRouter(SipStack stack, String outboundProxy) {
        this.defaults = new DefaultRouter(stack, outboundProxy);
        OutboundAddressPolicy p = POLICIES.get(stack.getStackName());
        if (p == null) throw new IllegalStateException("no outbound address policy for SIP stack " + stack.getStackName());
        this.policy = p;
    }

    /** Makes {@code policy} the one the router of the stack named {@code stackName} uses; close once it is built. */
    static AutoCloseable forStack(String stackName, OutboundAddressPolicy policy) {
        POLICIES.put(stackName, policy);
        return () -> POLICIES.remove(stackName);
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop hop = defaults.getNextHop(request);
        if (hop == null) return null;
        InetAddress address;
        try {
            address = policy.resolve(hop.getHost()).getFirst();
        } catch (DestinationNotAllowedException e) {
            LOG.warn("SIP {} not sent: {} ({})", request.getMethod(), e.getMessage(), e.address());
            throw new HopRefusedException(e.getMessage(), e);
        } catch (UnknownHostException e) {
            throw new HopRefusedException("unknown host " + hop.getHost(), e);
        }
        return new HopImpl(address.getHostAddress(), hop.getPort(), hop.getTransport());
    }

    @Override
    public Hop getOutboundProxy() {
        return defaults.getOutboundProxy();
    }

    @Override
    public ListIterator<Hop> getNextHops(Request request) {
        try {
            Hop hop = getNextHop(request);
            return hop == null ? Collections.emptyListIterator() : List.of(hop).listIterator();
        } catch (SipException e) {
            return Collections.emptyListIterator();
        }
    }

    /** The router's refusal among the causes of a failed send, or null when it failed otherwise. */
    static HopRefusedException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HopRefusedException refused) return refused;
        }
        return null;
    }
}
