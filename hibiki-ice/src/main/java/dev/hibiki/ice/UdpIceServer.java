package dev.hibiki.ice;

import dev.hibiki.ice.stun.StunMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single UDP port every WebRTC connection shares. A receive thread reads into one reused buffer and
 * demultiplexes by first byte (RFC 7983): STUN Binding requests go to the session named by their USERNAME's local
 * part; DTLS and RTP/RTCP go to the session that validated the source address; everything else is counted and
 * dropped. A second thread applies consent timeouts.
 *
 * <p>The port may be served by several sockets ({@code SO_REUSEPORT}, Linux): the JDK lets only one thread at a time
 * send on a socket, so an SFU whose fan-out threads all send through one socket runs them one after the other.
 * With k sockets, {@link #useSendSocket} gives each fan-out thread its own. The kernel spreads incoming datagrams
 * over the sockets by their source, so each socket has a receive thread; the threads dispatch under one lock, so
 * the sessions see the single-threaded receive path they would with one socket (receiving is the light direction
 * of an SFU). Before binding a group the port is bound once without {@code SO_REUSEPORT}, so that a port in use by
 * another server fails as it would with one socket instead of being shared with it.
 *
 * <p>The sockets are {@link DatagramSocket}s rather than {@code DatagramChannel}s on purpose: a channel closes for
 * everybody when any interrupted thread writes to it, and {@link IceLiteSession#send} is called from SFU threads.
 * Sends go through a {@link DatagramSendAccelerator} on the same sockets when one is on the class path and can
 * serve them ({@link #sendPath}), otherwise through the JDK.
 *
 * <p>Thread-safe. {@link #close()} closes all sessions and sockets and stops the receive and consent threads
 * within a bounded wait.
 */
public final class UdpIceServer implements InProcessPeers, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpIceServer.class);
    private static final int MAX_DATAGRAM = 65_535;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final DatagramSocket[] sockets;
    private final InetSocketAddress localAddress;
    private final IceSettings settings;
    private final MonotonicClock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, IceLiteSession> sessionsByUfrag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, IceLiteSession> sessionsByAddress = new ConcurrentHashMap<>();
    private final IceCounters counters = new IceCounters();
    private final UdpSendPath transport;
    private final IceSessionRegistry registry = new Registry();
    private final Thread[] receivers;
    private final Object dispatchLock = new Object();
    /** System property that turns the {@link DatagramSendAccelerator} off ({@code false}); on by default. */
    public static final String ACCELERATOR_PROPERTY = "hibiki.media.sendAccelerator";
    private final ScheduledExecutorService consentTimer;
    private volatile IceTcpListener tcp;
    /**
     * The STUN view for ICE-TCP frames and in-process datagrams, which dispatch on their senders' threads one at a
     * time under the dispatch lock.
     */
    private final StunMessage lockedStun = new StunMessage();
    private volatile boolean closed;

    private UdpIceServer(DatagramSocket[] sockets, IceSettings settings, MonotonicClock clock) {
        this.sockets = sockets;
        this.localAddress = (InetSocketAddress) sockets[0].getLocalSocketAddress();
        this.settings = settings;
        this.clock = clock;
        this.transport = new UdpSendPath(sockets, counters);
        int port = localAddress.getPort();
        this.receivers = new Thread[sockets.length];
        for (int i = 0; i < sockets.length; i++) {
            DatagramSocket socket = sockets[i];
            String name = "hibiki-ice-udp-" + port + (sockets.length > 1 ? "-" + i : "");
            receivers[i] = Thread.ofPlatform().daemon().name(name).unstarted(() -> receiveLoop(socket));
        }
        this.consentTimer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("hibiki-ice-consent-" + port).factory());
        for (Thread receiver : receivers) {
            receiver.start();
        }
        long interval = settings.checkInterval().toNanos();
        consentTimer.scheduleWithFixedDelay(this::checkConsent, interval, interval, TimeUnit.NANOSECONDS);
    }

    public static UdpIceServer open(InetSocketAddress bindAddress) throws IOException {
        return open(bindAddress, IceSettings.DEFAULT);
    }

    public static UdpIceServer open(InetSocketAddress bindAddress, IceSettings settings) throws IOException {
        return open(bindAddress, settings, MonotonicClock.SYSTEM);
    }

    /**
     * Binds {@code bindAddress} (port 0 picks an ephemeral port; a wildcard address takes IPv4 and IPv6) and starts
     * receiving.
     */
    public static UdpIceServer open(InetSocketAddress bindAddress, IceSettings settings, MonotonicClock clock)
            throws IOException {
        return open(bindAddress, settings, clock, 1);
    }

    /**
     * Like {@link #open(InetSocketAddress, IceSettings, MonotonicClock)}, with {@code sockets} sockets on the port
     * (see the class comment); one where the platform has no {@code SO_REUSEPORT}.
     */
    public static UdpIceServer open(InetSocketAddress bindAddress, IceSettings settings, MonotonicClock clock,
                                    int sockets) throws IOException {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        if (sockets < 1) {
            throw new IllegalArgumentException("at least one socket is needed");
        }
        if (sockets > 1 && !supportsReusePort()) {
            log.info("SO_REUSEPORT is not available here; the media port uses one socket");
            sockets = 1;
        }
        if (sockets > 1 && bindAddress.getPort() != 0) {
            try (DatagramSocket probe = new DatagramSocket(null)) {
                probe.bind(bindAddress); // fails like a single socket would when another server holds the port
            }
        }
        DatagramSocket[] group = new DatagramSocket[sockets];
        try {
            InetSocketAddress address = bindAddress;
            for (int i = 0; i < sockets; i++) {
                group[i] = bind(address, sockets > 1);
                if (i == 0) {
                    address = new InetSocketAddress(bindAddress.getAddress(), group[0].getLocalPort());
                }
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramSocket socket : group) {
                if (socket != null) {
                    socket.close();
                }
            }
            throw e;
        }
        return new UdpIceServer(group, settings, clock);
    }

    private static DatagramSocket bind(InetSocketAddress address, boolean reusePort) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            if (reusePort) {
                socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            requestBufferSizes(socket);
            socket.bind(address);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static boolean supportsReusePort() {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            return socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    private static void requestBufferSizes(DatagramSocket socket) {
        // Bursts of video keyframes from many senders overflow the kernel default; the OS may grant less.
        try {
            socket.setReceiveBufferSize(SOCKET_BUFFER_BYTES);
            socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
        } catch (SocketException e) {
            log.debug("could not enlarge UDP socket buffers", e);
        }
    }

    /** A session with fresh credentials unique on this port; put them and {@link #localPort()} into the offer. */
    public IceLiteSession createSession(IceSessionListener listener) {
        while (true) {
            IceLiteSession session = tryRegister(IceCredentials.random(random), listener);
            if (session != null) {
                return session;
            }
        }
    }

    /** A session with given credentials; null when the ufrag is taken. For tests and replays. */
    IceLiteSession tryRegister(IceCredentials credentials, IceSessionListener listener) {
        if (closed) {
            throw new IllegalStateException("ICE server closed");
        }
        IceLiteSession session = new IceLiteSession(credentials, settings, clock, registry, listener);
        if (sessionsByUfrag.putIfAbsent(credentials.ufrag(), session) != null) {
            return null;
        }
        if (closed) {
            session.close();
            throw new IllegalStateException("ICE server closed");
        }
        return session;
    }

    public int localPort() {
        return localAddress.getPort();
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Also accepts ICE-TCP (RFC 6544) on this port's number, for clients that cannot send UDP; the host candidates
     * then include passive TCP ones, after the UDP ones.
     *
     * @throws IOException when the TCP port is taken
     */
    public void openTcp() throws IOException {
        if (tcp != null) return;
        tcp = IceTcpListener.open(localAddress, this::tcpFrame, counters);
    }

    /** Whether ICE-TCP is open ({@link #openTcp()}). */
    public boolean tcpOpen() {
        return tcp != null;
    }

    /** Host candidates for {@code announcedAddresses} on this server's port; see {@link HostCandidates}. */
    public List<IceCandidate> hostCandidates(List<InetAddress> announcedAddresses) {
        if (tcp == null) return HostCandidates.udp(announcedAddresses, localPort());
        List<IceCandidate> all = new java.util.ArrayList<>(HostCandidates.udp(announcedAddresses, localPort()));
        all.addAll(HostCandidates.tcp(announcedAddresses, localPort()));
        return List.copyOf(all);
    }

    public IceCounters counters() {
        return counters;
    }

    /** Sockets serving the port. */
    public int socketCount() {
        return sockets.length;
    }

    /**
     * Makes the calling thread send through socket {@code index} modulo {@link #socketCount()}, e.g. one per fan-out
     * thread. Threads that never call this are given sockets round robin on their first send.
     */
    public void useSendSocket(int index) {
        transport.useSocket(index);
    }

    public int sessionCount() {
        return sessionsByUfrag.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes every session, then the socket; waits at most a couple of seconds for the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        consentTimer.shutdownNow();
        if (tcp != null) tcp.close();
        for (IceLiteSession session : sessionsByUfrag.values()) {
            session.close();
        }
        for (DatagramSocket socket : sockets) {
            socket.close();
        }
        try {
            for (Thread receiver : receivers) {
                receiver.join(CLOSE_WAIT_MILLIS);
            }
            if (!consentTimer.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("ICE consent timer of port {} did not stop in time", localPort());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread receiver : receivers) {
            if (receiver.isAlive()) {
                log.warn("ICE receive thread {} did not stop in time", receiver.getName());
            }
        }
    }

    private void receiveLoop(DatagramSocket socket) {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        StunMessage stun = new StunMessage();
        while (!closed) {
            packet.setLength(buf.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (closed || socket.isClosed()) {
                    break;
                }
                counters.increment(IceCounter.RECEIVE_ERRORS);
                log.debug("UDP receive failed on port {}", localPort(), e);
                continue;
            }
            try {
                synchronized (dispatchLock) {
                    dispatch(buf, 0, packet.getLength(), (InetSocketAddress) packet.getSocketAddress(), stun,
                            transport);
                }
            } catch (RuntimeException e) {
                counters.increment(IceCounter.INTERNAL_ERRORS);
                log.warn("ICE receive loop of port {} survived an unexpected error", localPort(), e);
            }
        }
        log.debug("ICE receive loop of port {} stopped", localPort());
    }

    /**
     * A frame from an ICE-TCP connection. A connection that sends media before any STUN check validated it is
     * closed: it cannot belong to a session.
     */
    private boolean tcpFrame(byte[] buf, int len, InetSocketAddress source, IceTcpConnection via) {
        synchronized (dispatchLock) {
            if (DatagramKind.classify(buf, 0, len) != DatagramKind.STUN && !sessionsByAddress.containsKey(source)) {
                counters.increment(IceCounter.TCP_CONNECTIONS_REFUSED);
                return false;
            }
            dispatchLocked(buf, 0, len, source, via);
            return true;
        }
    }

    /**
     * {@inheritDoc} Its datagrams are dispatched on the thread that hands them over, under the dispatch lock, as an
     * ICE-TCP connection's frames are.
     */
    @Override
    public InProcessPeer connectInProcess(InetSocketAddress address, InProcessPeer.Sink toPeer) {
        return new InProcessPeer(address, toPeer, this::inProcessDatagram, counters);
    }

    private void inProcessDatagram(byte[] buf, int off, int len, InetSocketAddress source, InProcessPeer via) {
        synchronized (dispatchLock) {
            dispatchLocked(buf, off, len, source, via);
        }
    }

    /** Dispatch for an ICE-TCP reader or an in-process peer's sender; the caller holds the dispatch lock. */
    private void dispatchLocked(byte[] buf, int off, int len, InetSocketAddress source, IceTransport via) {
        try {
            dispatch(buf, off, len, source, lockedStun, via);
        } catch (RuntimeException e) {
            counters.increment(IceCounter.INTERNAL_ERRORS);
            log.warn("ICE dispatch of a datagram from {} via {} on port {} survived an unexpected error", source, via,
                    localPort(), e);
        }
    }

    private void dispatch(byte[] buf, int off, int len, InetSocketAddress source, StunMessage stun,
                          IceTransport via) {
        counters.increment(IceCounter.PACKETS_RECEIVED);
        counters.add(IceCounter.BYTES_RECEIVED, len);
        switch (DatagramKind.classify(buf, off, len)) {
            case STUN -> handleStun(buf, off, len, source, stun, via);
            case DTLS -> handleMedia(buf, off, len, source, IceCounter.DTLS_RECEIVED);
            case RTP -> handleMedia(buf, off, len, source, IceCounter.RTP_RECEIVED);
            default -> counters.increment(IceCounter.DROPPED_UNKNOWN_KIND);
        }
    }

    private void handleStun(byte[] buf, int off, int len, InetSocketAddress source, StunMessage stun,
                            IceTransport via) {
        counters.increment(IceCounter.STUN_RECEIVED);
        if (!stun.wrap(buf, off, len)) {
            counters.increment(IceCounter.DROPPED_MALFORMED_STUN);
            return;
        }
        if (!stun.isBindingRequest()) {
            counters.increment(IceCounter.DROPPED_UNSUPPORTED_STUN);
            return;
        }
        // One short String per check: checks come every few seconds per connection, not per media packet.
        String ufrag = stun.usernameLocalPart();
        IceLiteSession session = ufrag == null ? null : sessionsByUfrag.get(ufrag);
        if (session == null) {
            // No answer at all: a 401 to strangers would make this port a reflector.
            counters.increment(IceCounter.DROPPED_UNKNOWN_UFRAG);
            return;
        }
        IceCounter outcome = switch (session.handleBindingRequest(stun, source, via)) {
            case SUCCESS -> IceCounter.BINDING_SUCCESS_SENT;
            case ERROR_RESPONSE -> IceCounter.BINDING_ERROR_SENT;
            case BAD_FINGERPRINT -> IceCounter.DROPPED_BAD_FINGERPRINT;
            case INACTIVE -> IceCounter.DROPPED_INACTIVE_SESSION;
        };
        counters.increment(outcome);
    }

    private void handleMedia(byte[] buf, int off, int len, InetSocketAddress source, IceCounter kind) {
        counters.increment(kind);
        IceLiteSession session = sessionsByAddress.get(source);
        if (session == null) {
            counters.increment(IceCounter.DROPPED_UNKNOWN_SOURCE);
            return;
        }
        try {
            if (!session.deliver(buf, off, len)) {
                counters.increment(IceCounter.DROPPED_NO_LISTENER);
            }
        } catch (RuntimeException e) {
            counters.increment(IceCounter.LISTENER_FAILURES);
            log.debug("packet listener of {} failed", session, e);
        }
    }

    private void checkConsent() {
        long now = clock.nanoTime();
        for (IceLiteSession session : sessionsByUfrag.values()) {
            try {
                session.checkConsent(now);
            } catch (RuntimeException e) {
                log.warn("consent check of {} failed", session, e);
            }
        }
    }

    /** How this server sends media: the accelerator's name, or {@code "DatagramSocket"}. */
    public String sendPath() {
        return transport.name();
    }

    /** Keeps the two lookup tables in step with the sessions. */
    private final class Registry implements IceSessionRegistry {
        @Override
        public IceLiteSession bindAddress(IceLiteSession session, InetSocketAddress address) {
            IceLiteSession previous = sessionsByAddress.put(address, session);
            return previous == session ? null : previous;
        }

        @Override
        public void unbindAddress(IceLiteSession session, InetSocketAddress address) {
            sessionsByAddress.remove(address, session);
        }

        @Override
        public void unregister(IceLiteSession session) {
            sessionsByUfrag.remove(session.localUfrag(), session);
        }
    }

    /** Whether a receive thread runs, for tests of {@link #close()}. */
    boolean isReceiving() {
        for (Thread receiver : receivers) {
            if (receiver.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /** Address-table size, for tests of its consistency. */
    int routedAddressCount() {
        return sessionsByAddress.size();
    }
}
