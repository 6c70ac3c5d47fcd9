package dev.hibiki.ice;

import dev.hibiki.ice.stun.StunErrorCode;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE-lite side (RFC 8445 section 2.5) of one WebRTC connection: always controlled, never sends checks, answers
 * the browser's Binding requests and learns from them where to send media. Created by {@link UdpIceServer}.
 *
 * <p>Path selection, modelled on mediasoup's IceServer:
 * <ul>
 * <li>Every authenticated check validates its source address (up to {@value #MAX_PATHS}; the oldest unselected one
 * is evicted beyond that). DTLS/SRTP from any validated address reaches the {@link PacketListener}.</li>
 * <li>Before any nomination the first validated address is selected provisionally, so DTLS can start at once.</li>
 * <li>A check carrying USE-CANDIDATE selects its source as nominated. The latest nomination wins, so aggressive and
 * regular nomination both work, and so does a later re-nomination by the browser.</li>
 * <li>Checks without USE-CANDIDATE never move a selection once one exists.</li>
 * </ul>
 *
 * <p>Consent freshness (RFC 7675): only valid checks arriving on the selected path refresh consent. See
 * {@link IceSettings} and {@link IceState} for the timeouts and transitions.
 *
 * <p>Checks that arrive before {@link #setRemoteCredentials} are answered when the USERNAME's local part and the
 * MESSAGE-INTEGRITY (keyed with the local password only) are right. Afterwards the remote part must match too. If
 * the answer then names another remote ufrag than those early checks did, what they validated is forgotten.
 *
 * <p>Thread-safe. {@link #send} takes no lock.
 */
public final class IceLiteSession implements PacketTransport {
    private static final Logger log = LoggerFactory.getLogger(IceLiteSession.class);
    static final int MAX_PATHS = 8;

    private final IceCredentials local;
    private final byte[] localUfragBytes;
    private final long disconnectedNanos;
    private final long failedNanos;
    private final MonotonicClock clock;
    private final IceSessionRegistry registry;
    private final IceSessionListener listener;
    private final BindingResponder responder;

    // Guarded by this.
    private IceCredentials remote;
    private byte[] remoteUfragBytes;
    private String earlyRemoteUfrag;
    private final List<RemotePath> paths = new ArrayList<>(MAX_PATHS);
    private long lastConsentNanos;

    private volatile RemotePath selected;
    private volatile boolean nominated;
    private volatile IceState state = IceState.NEW;
    private volatile PacketListener packetListener;

    IceLiteSession(IceCredentials local, IceSettings settings, MonotonicClock clock, IceSessionRegistry registry,
                   IceSessionListener listener) {
        this.local = Objects.requireNonNull(local, "local");
        this.localUfragBytes = local.ufrag().getBytes(StandardCharsets.UTF_8);
        this.disconnectedNanos = settings.disconnectedTimeout().toNanos();
        this.failedNanos = settings.failedTimeout().toNanos();
        this.clock = clock;
        this.registry = registry;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.responder = new BindingResponder(local.password());
        this.lastConsentNanos = clock.nanoTime();
    }

    /** Our ufrag and password, for {@code a=ice-ufrag} / {@code a=ice-pwd} of the offer. */
    public IceCredentials localCredentials() {
        return local;
    }

    public String localUfrag() {
        return local.ufrag();
    }

    /**
     * Applies the browser's {@code a=ice-ufrag}/{@code a=ice-pwd} from the answer. Checks may already have been
     * answered; from now on their USERNAME must be exactly {@code localUfrag:remoteUfrag}. An ICE restart needs a new
     * session, not a second call with other values.
     */
    public synchronized void setRemoteCredentials(String ufrag, String password) {
        IceCredentials credentials = new IceCredentials(ufrag, password);
        if (state.isTerminal()) {
            return;
        }
        boolean earlyChecksDisagree = earlyRemoteUfrag != null && !earlyRemoteUfrag.equals(ufrag);
        remote = credentials;
        remoteUfragBytes = ufrag.getBytes(StandardCharsets.UTF_8);
        earlyRemoteUfrag = null;
        if (earlyChecksDisagree) {
            log.warn("ICE {}: early checks came from remote ufrag other than the answer's {}; forgetting their paths",
                    local.ufrag(), ufrag);
            forgetAllPaths();
            dropSelection(true);
            if (state.canSend()) {
                setState(IceState.CHECKING);
            }
        }
        if (state == IceState.NEW) {
            setState(IceState.CHECKING);
        }
    }

    /** The browser's credentials once applied, else null. */
    public synchronized IceCredentials remoteCredentials() {
        return remote;
    }

    public IceState state() {
        return state;
    }

    /** Where {@link #send} goes, or null. */
    public InetSocketAddress selectedAddress() {
        RemotePath path = selected;
        return path == null ? null : path.address();
    }

    /** Whether the selected path was nominated by USE-CANDIDATE rather than taken provisionally. */
    public boolean isNominated() {
        return nominated && selected != null;
    }

    /** Where DTLS and SRTP datagrams from this connection go; null to stop. See {@link PacketListener}. */
    public void setPacketListener(PacketListener packetListener) {
        this.packetListener = packetListener;
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
        RemotePath path = selected;
        if (path == null || !state.canSend()) {
            return false;
        }
        return path.transport().sendTo(buf, off, len, path.destination());
    }

    /** Stops routing, forgets the ufrag and reports CLOSED. Idempotent. */
    public void close() {
        synchronized (this) {
            if (state == IceState.CLOSED) {
                return;
            }
            forgetAllPaths();
            dropSelection(false);
            registry.unregister(this);
            packetListener = null;
            setState(IceState.CLOSED);
        }
    }

    /** Answers one Binding request already routed here by its USERNAME's local part. Receive thread. */
    BindingOutcome handleBindingRequest(StunMessage request, InetSocketAddress source, IceTransport via) {
        if (request.hasFingerprint() && !request.checkFingerprint()) {
            return BindingOutcome.BAD_FINGERPRINT;
        }
        IceLiteSession displaced;
        synchronized (this) {
            if (state.isTerminal()) {
                return BindingOutcome.INACTIVE;
            }
            if (!request.hasUsername() || !request.hasMessageIntegrity()) {
                reply(via, source, responder.error(request, StunErrorCode.BAD_REQUEST, false));
                return BindingOutcome.ERROR_RESPONSE;
            }
            if (!usernameMatches(request) || !responder.isAuthentic(request)) {
                reply(via, source, responder.error(request, StunErrorCode.UNAUTHORIZED, false));
                return BindingOutcome.ERROR_RESPONSE;
            }
            if (request.unknownComprehensionRequiredCount() > 0) {
                reply(via, source, responder.error(request, StunErrorCode.UNKNOWN_ATTRIBUTE, true));
                return BindingOutcome.ERROR_RESPONSE;
            }
            if (request.hasIceControlled()) {
                // Both sides controlled: a lite agent cannot switch, so the full agent must (RFC 8445 7.3.1.1).
                reply(via, source, responder.error(request, StunErrorCode.ROLE_CONFLICT, true));
                return BindingOutcome.ERROR_RESPONSE;
            }
            reply(via, source, responder.success(request, source));
            if (remote == null && earlyRemoteUfrag == null) {
                earlyRemoteUfrag = request.usernameRemotePart();
            }
            displaced = accept(new RemotePath(via, source), request.hasUseCandidate());
        }
        if (displaced != null) {
            displaced.releaseAddress(source);
        }
        return BindingOutcome.SUCCESS;
    }

    private boolean usernameMatches(StunMessage request) {
        return remoteUfragBytes == null
                ? request.usernameLocalPartEquals(localUfragBytes)
                : request.usernameEquals(localUfragBytes, remoteUfragBytes);
    }

    private static void reply(IceTransport via, InetSocketAddress to, StunMessageWriter response) {
        via.sendTo(response.buffer(), 0, response.length(), to);
    }

    /** Records a validated path and applies the selection rule; returns a session that lost the address to us. */
    private IceLiteSession accept(RemotePath path, boolean useCandidate) {
        IceLiteSession displaced = null;
        if (!paths.contains(path)) {
            if (paths.size() >= MAX_PATHS) {
                evictOldestUnselected();
            }
            paths.add(path);
            displaced = registry.bindAddress(this, path.address());
        }
        RemotePath current = selected;
        if (useCandidate) {
            if (!path.equals(current) || !nominated) {
                select(path, true);
            }
        } else if (current == null) {
            select(path, false);
        }
        if (path.equals(selected)) {
            lastConsentNanos = clock.nanoTime();
            setState(IceState.CONNECTED);
        }
        return displaced;
    }

    private void evictOldestUnselected() {
        RemotePath current = selected;
        for (int i = 0; i < paths.size(); i++) {
            RemotePath candidate = paths.get(i);
            if (!candidate.equals(current)) {
                paths.remove(i);
                registry.unbindAddress(this, candidate.address());
                return;
            }
        }
    }

    private void select(RemotePath path, boolean byNomination) {
        selected = path;
        nominated = byNomination;
        try {
            listener.onSelectedAddressChanged(this, path.address(), byNomination);
        } catch (RuntimeException e) {
            log.warn("ICE {}: selection listener failed", local.ufrag(), e);
        }
    }

    private void dropSelection(boolean notify) {
        boolean had = selected != null;
        selected = null;
        nominated = false;
        if (had && notify) {
            try {
                listener.onSelectedAddressChanged(this, null, false);
            } catch (RuntimeException e) {
                log.warn("ICE {}: selection listener failed", local.ufrag(), e);
            }
        }
    }

    private void forgetAllPaths() {
        for (RemotePath path : paths) {
            registry.unbindAddress(this, path.address());
        }
        paths.clear();
    }

    /** Another session validated {@code address} after us (the browser reused a port): stop using it. */
    synchronized void releaseAddress(InetSocketAddress address) {
        paths.removeIf(path -> path.address().equals(address));
        RemotePath current = selected;
        if (current != null && current.address().equals(address)) {
            dropSelection(true);
        }
    }

    /** Applies the consent timeouts; called periodically by the server's timer. */
    synchronized void checkConsent(long nowNanos) {
        if (state.isTerminal()) {
            return;
        }
        long silent = nowNanos - lastConsentNanos;
        if (silent >= failedNanos) {
            log.debug("ICE {}: no consent for {} ms, failing", local.ufrag(), silent / 1_000_000);
            forgetAllPaths();
            dropSelection(false);
            setState(IceState.FAILED);
        } else if (state == IceState.CONNECTED && silent >= disconnectedNanos) {
            setState(IceState.DISCONNECTED);
        }
    }

    /** Hands a DTLS/SRTP datagram to the packet listener; false when there is none. Receive thread. */
    boolean deliver(byte[] buf, int off, int len) {
        PacketListener target = packetListener;
        if (target == null) {
            return false;
        }
        target.onPacket(buf, off, len);
        return true;
    }

    private void setState(IceState next) {
        if (state == next) {
            return;
        }
        state = next;
        try {
            listener.onStateChanged(this, next);
        } catch (RuntimeException e) {
            log.warn("ICE {}: state listener failed on {}", local.ufrag(), next, e);
        }
    }

    @Override
    public String toString() {
        return "IceLiteSession[ufrag=" + local.ufrag() + ", state=" + state + ", selected=" + selectedAddress()
                + (isNominated() ? " (nominated)" : "") + "]";
    }
}
