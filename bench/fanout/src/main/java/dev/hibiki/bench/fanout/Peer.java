package dev.hibiki.bench.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.dtls.DtlsFingerprint;
import dev.hibiki.dtls.DtlsListener;
import dev.hibiki.dtls.DtlsOptions;
import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.dtls.DtlsTransport;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.sdp.Fingerprint;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.SessionDescription;
import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpTransformer;

import javax.crypto.Mac;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One synthetic WebRTC client: Sora signaling over a WebSocket, a full controlling ICE agent towards the server's
 * host candidate, a DTLS client handshake on Hibiki's {@link DtlsTransport}, then SRTP. Its UDP socket is a
 * connected {@link DatagramChannel} read by one {@link IoLoop} thread; ICE checks are sent by the bench's
 * scheduler thread.
 */
abstract class Peer implements DtlsListener {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final long HOST_PRIORITY = (126L << 24) | (65535L << 8) | 255; // RFC 8445 5.1.2, host, IPv4
    private static final long CHECK_RETRY_NANOS = 100_000_000L;
    private static final long CONSENT_INTERVAL_NANOS = 2_000_000_000L;

    final Bench bench;
    final int index;
    final String role;
    final String ufrag = random(8);
    final String pwd = random(24);
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    final long sdpSessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE >>> 2);

    DatagramChannel channel;
    /** The socket's file descriptor when the kernel stamps its datagrams' arrival ({@link SocketArrivalTimes}), else -1. */
    int fd = -1;
    IoLoop loop;
    int localPort;
    volatile InetSocketAddress server;
    /** The TURN channel datagrams travel in ({@code --relay 1}), or null when the peer talks to the server directly. */
    volatile TurnChannel relay;
    private Signaling signaling;
    private int answerVersion = 1;
    private boolean offered;

    // ICE (scheduler thread, except the flags the IO thread sets)
    private String remoteUfrag;
    private byte[] remoteKey;
    private Mac stunMac;
    private final StunMessageWriter stunOut = new StunMessageWriter(256);
    private final byte[] txid = new byte[12];
    private final long tieBreaker = RANDOM.nextLong();
    private volatile boolean iceStarted;
    volatile boolean iceOk;
    private long lastCheckNanos;
    volatile long lastResponseNanos;
    long checksSent;
    volatile long responses;

    // DTLS / SRTP
    private volatile DtlsTransport dtls;
    volatile SrtpTransformer srtp;
    volatile String failure;
    volatile long reoffers;
    volatile long notifies;
    volatile long pings;

    Peer(Bench bench, int index, String role) {
        this.bench = bench;
        this.index = index;
        this.role = role;
    }

    /** Opens the socket and the WebSocket and sends {@code connect}; {@link #connected} completes when SRTP is up. */
    void join(URI signalingUrl, String channelId) throws Exception {
        channel = DatagramChannel.open();
        if (bench.options.clientRcvbuf > 0) channel.setOption(StandardSocketOptions.SO_RCVBUF, bench.options.clientRcvbuf);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        if (bench.options.arrivalStamps) fd = SocketArrivalTimes.enable(channel);
        loop = bench.loopFor(index);
        signaling = Signaling.open(bench.http, signalingUrl, this::onSignal, this::onSignalingClosed);
        ObjectNode connect = JSON.createObjectNode();
        connect.put("type", "connect");
        connect.put("role", role);
        connect.put("channel_id", channelId);
        connect.put("sora_client", "hibiki-bench-fanout");
        connect.put("audio", true);
        connect.putObject("video").put("codec_type", "VP8");
        signaling.send(connect.toString());
    }

    private void onSignalingClosed(String why) {
        if (!connected.isDone()) connected.completeExceptionally(new IOException("signaling closed: " + why));
        if (!bench.stopping) failure = "signaling closed: " + why;
    }

    private void onSignal(String text) {
        // Notifies are the bulk of the traffic (every join is announced to everybody): skip them unparsed.
        if (text.startsWith("{\"type\":\"notify\"")) {
            notifies++;
            return;
        }
        if (text.startsWith("{\"type\":\"ping\"")) {
            pings++;
            signaling.send("{\"type\":\"pong\"}");
            return;
        }
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            fail("bad signaling JSON: " + e.getMessage());
            return;
        }
        String type = msg.path("type").asText("");
        switch (type) {
            case "offer" -> answer(msg.path("sdp").asText(), "answer", msg.path("config").path("iceServers"));
            case "re-offer" -> {
                reoffers++;
                answer(msg.path("sdp").asText(), "re-answer", null);
            }
            case "ping" -> signaling.send("{\"type\":\"pong\"}");
            case "notify" -> notifies++;
            case "switched", "redirect" -> { }
            default -> { }
        }
    }

    private synchronized void answer(String sdpText, String answerType, JsonNode iceServers) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(sdpText);
        } catch (Exception e) {
            fail("cannot parse the " + answerType.replace("answer", "offer") + ": " + e.getMessage());
            return;
        }
        try {
            if (!offered) startTransport(offer, iceServers);
            SdpAnswer.Chosen chosen = SdpAnswer.write(offer, ufrag, pwd, bench.fingerprint, sending(), sdpSessionId,
                    answerVersion++);
            onAnswered(chosen);
            ObjectNode a = JSON.createObjectNode();
            a.put("type", answerType);
            a.put("sdp", chosen.sdp());
            signaling.send(a.toString());
            if (!offered) {
                offered = true;
                iceStarted = true; // the scheduler sends the first check on its next tick
            }
        } catch (RuntimeException e) {
            fail("cannot answer: " + e);
        }
    }

    /**
     * The first offer: the server's credentials, fingerprint and host candidate; a relayed peer reaches that through
     * a TURN channel of the offer's {@code iceServers}.
     */
    private void startTransport(SessionDescription offer, JsonNode iceServers) {
        MediaDescription first = offer.media().stream().filter(m -> !m.isRejected()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("offer has no accepted section"));
        remoteUfrag = first.iceUfrag().or(offer::iceUfrag).orElseThrow();
        String remotePwd = first.icePwd().or(offer::icePwd).orElseThrow();
        remoteKey = StunCredentials.shortTermKey(remotePwd);
        stunMac = StunCredentials.hmacSha1(remoteKey);
        List<Fingerprint> fps = first.fingerprints().isEmpty() ? offer.fingerprints() : first.fingerprints();
        DtlsFingerprint fp = DtlsFingerprint.parse(fps.getFirst().attributeValue());
        InetSocketAddress target = null;
        for (String c : first.candidates()) {
            // foundation component transport priority address port typ type ...
            String[] f = c.trim().split(" ");
            if (f.length >= 8 && f[2].equalsIgnoreCase("udp") && f[7].equals("host") && !f[4].contains(":")) {
                target = new InetSocketAddress(f[4], Integer.parseInt(f[5]));
                break;
            }
        }
        if (target == null) throw new IllegalArgumentException("offer has no IPv4 UDP host candidate");
        try {
            if (relayed()) {
                relay = TurnChannel.open(channel, iceServers, target);
            } else {
                channel.connect(target);
            }
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + target + (relayed() ? " through TURN" : ""), e);
        }
        server = target;
        dtls = new DtlsTransport(DtlsRole.CLIENT, bench.certificate, List.of(fp), this::sendRaw, this,
                DtlsOptions.defaults());
        loop.register(this);
    }

    /** Whether this peer reaches the server through the embedded TURN server. */
    boolean relayed() {
        return false;
    }

    /** What this peer sends, for its answer; null for a receive-only peer. */
    abstract SdpAnswer.Sending sending();

    /** Called with each answer written (payload types chosen). */
    abstract void onAnswered(SdpAnswer.Chosen chosen);

    /** An RTP or RTCP datagram (still protected), on the IO thread. */
    abstract void onMedia(byte[] buf, int off, int len, long nowNanos, IoLoop loop);

    void fail(String why) {
        if (failure == null) failure = why;
        if (!connected.isDone()) connected.completeExceptionally(new IOException(why));
    }

    // ------------------------------------------------------------------ ICE (controlling, aggressive nomination)

    /** Sends a Binding request when one is due; scheduler thread. */
    void iceTick(long now) {
        if (!iceStarted || stunMac == null) return;
        long interval = iceOk ? CONSENT_INTERVAL_NANOS : CHECK_RETRY_NANOS;
        if (now - lastCheckNanos < interval) return;
        lastCheckNanos = now;
        ThreadLocalRandom.current().nextBytes(txid);
        stunOut.begin(StunMessageType.BINDING_REQUEST, txid, 0)
                .addUsername(remoteUfrag + ":" + ufrag)
                .addPriority(HOST_PRIORITY)
                .addIceControlling(tieBreaker)
                .addUseCandidate()
                .addMessageIntegrity(stunMac)
                .addFingerprint();
        sendRaw(stunOut.buffer(), 0, stunOut.length());
        checksSent++;
    }

    /** A STUN datagram; IO thread. */
    void onStun(byte[] buf, int off, int len, long now, StunMessage stun) {
        if (!stun.wrap(buf, off, len)) return;
        if (stun.messageType() == StunMessageType.BINDING_SUCCESS_RESPONSE) {
            if (remoteKey == null || !stun.checkMessageIntegrity(remoteKey)) return;
            responses++;
            lastResponseNanos = now;
            if (!iceOk) {
                iceOk = true;
                DtlsTransport t = dtls;
                if (t != null && t.state() == DtlsTransport.State.NEW) t.start();
            }
        } else if (stun.messageType() == StunMessageType.BINDING_ERROR_RESPONSE) {
            fail("ICE error response " + stun.errorCode() + " " + stun.errorReason());
        }
        // Hibiki is ICE-lite and never sends checks of its own.
    }

    void onDtls(byte[] buf, int off, int len) {
        DtlsTransport t = dtls;
        if (t != null) t.onDatagram(buf, off, len);
    }

    /** Sends a datagram to the server; any thread. */
    final boolean sendRaw(byte[] buf, int off, int len) {
        try {
            return relay != null ? TurnChannel.send(channel, buf, off, len)
                    : channel.write(ByteBuffer.wrap(buf, off, len)) == len;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ DTLS

    @Override
    public void onConnected(DtlsTransport transport, SrtpKeys keys) {
        srtp = new SrtpTransformer(keys);
        onSrtpReady();
        connected.complete(null);
    }

    void onSrtpReady() {
    }

    @Override
    public void onFailed(DtlsTransport transport, Exception cause) {
        fail("DTLS failed: " + cause);
    }

    @Override
    public void onClosed(DtlsTransport transport) {
        if (!bench.stopping) fail("DTLS closed");
    }

    void close() {
        if (signaling != null) signaling.close();
        DtlsTransport t = dtls;
        if (t != null) t.close();
        SrtpTransformer s = srtp;
        if (s != null) s.close();
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            // ignore
        }
    }

    private static String random(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        return b.toString();
    }
}
