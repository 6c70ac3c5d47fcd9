package dev.hibiki.turn;

import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.turn.proto.ChannelData;
import dev.hibiki.turn.proto.TurnAttribute;
import dev.hibiki.turn.proto.TurnMethod;
import dev.hibiki.turn.proto.TurnStreamFramer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A TURN client for tests, written from RFC 8656 with the STUN writer: over a UDP socket or a TCP connection, it
 * allocates (taking the 401 challenge's REALM and NONCE), signs requests with the long-term key, sends indications
 * and ChannelData, and reads what the server relays back.
 */
final class TurnTestClient implements AutoCloseable {
    /** Relayed data: from a Data indication ({@code peer} set) or ChannelData ({@code channel} set). */
    record Received(InetSocketAddress peer, int channel, byte[] data) {
    }

    private interface Wire extends AutoCloseable {
        void send(byte[] message) throws IOException;

        /** The next message, or null when none came within the timeout. */
        byte[] receive() throws IOException;

        InetSocketAddress localAddress();

        @Override
        void close() throws IOException;
    }

    private static final int TIMEOUT_MILLIS = 2000;

    private final Wire wire;
    private final Deque<byte[]> unread = new ArrayDeque<>();
    private final StunMessageWriter writer = new StunMessageWriter(70_000);
    private String username;
    private String password;
    String realm;
    String nonce;
    boolean retryStaleNonce = true;

    private TurnTestClient(Wire wire, String username, String password) {
        this.wire = wire;
        this.username = username;
        this.password = password;
    }

    static TurnTestClient udp(InetSocketAddress server, String username, String password) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.connect(server);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new TurnTestClient(new Wire() {
            private final byte[] buf = new byte[70_000];

            @Override
            public void send(byte[] message) throws IOException {
                socket.send(new DatagramPacket(message, message.length));
            }

            @Override
            public byte[] receive() throws IOException {
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                return Arrays.copyOf(buf, packet.getLength());
            }

            @Override
            public InetSocketAddress localAddress() {
                return (InetSocketAddress) socket.getLocalSocketAddress();
            }

            @Override
            public void close() {
                socket.close();
            }
        }, username, password);
    }

    static TurnTestClient tcp(InetSocketAddress server, String username, String password) throws IOException {
        Socket socket = new Socket();
        socket.connect(server, TIMEOUT_MILLIS);
        return stream(socket, username, password);
    }

    /** Over TLS, trusting what {@code tls} trusts. */
    static TurnTestClient tls(InetSocketAddress server, javax.net.ssl.SSLContext tls, String username, String password)
            throws IOException {
        Socket plain = new Socket();
        plain.connect(server, TIMEOUT_MILLIS);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                .createSocket(plain, server.getHostString(), server.getPort(), true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        return stream(socket, username, password);
    }

    private static TurnTestClient stream(Socket socket, String username, String password) throws IOException {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        TurnStreamFramer framer = new TurnStreamFramer();
        return new TurnTestClient(new Wire() {
            @Override
            public void send(byte[] message) throws IOException {
                byte[] padded = message;
                if (ChannelData.looksLikeChannelData(message, 0, message.length)) {
                    padded = Arrays.copyOf(message, (message.length + 3) & ~3);
                }
                out.write(padded);
            }

            @Override
            public byte[] receive() throws IOException {
                while (true) {
                    if (framer.next() == TurnStreamFramer.Result.MESSAGE) {
                        return Arrays.copyOfRange(framer.buffer(), framer.messageOffset(),
                                framer.messageOffset() + framer.messageLength());
                    }
                    try {
                        if (framer.readFrom(in) < 0) {
                            return null;
                        }
                    } catch (SocketTimeoutException e) {
                        return null;
                    }
                }
            }

            @Override
            public InetSocketAddress localAddress() {
                return (InetSocketAddress) socket.getLocalSocketAddress();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        }, username, password);
    }

    InetSocketAddress localAddress() {
        return wire.localAddress();
    }

    void useCredentials(String newUsername, String newPassword) {
        username = newUsername;
        password = newPassword;
    }

    byte[] key() {
        return StunCredentials.longTermKey(username, realm, password);
    }

    /** Allocate with the 401 dance: unsigned first, then signed with the REALM and NONCE the challenge gave. */
    StunMessage allocate() throws IOException {
        StunMessage challenge = request(TurnMethod.ALLOCATE, false, TurnTestClient::udpTransport);
        if (challenge.errorCode() != 401) {
            throw new AssertionError("expected a 401 challenge, got " + challenge.errorCode());
        }
        realm = challenge.stringAttribute(StunAttribute.REALM);
        nonce = challenge.stringAttribute(StunAttribute.NONCE);
        return request(TurnMethod.ALLOCATE, true, TurnTestClient::udpTransport);
    }

    static void udpTransport(StunMessageWriter w) {
        w.addUint32(TurnAttribute.REQUESTED_TRANSPORT, TurnAttribute.TRANSPORT_UDP << 24);
    }

    StunMessage refresh(int lifetimeSeconds) throws IOException {
        return request(TurnMethod.REFRESH, true, w -> w.addUint32(TurnAttribute.LIFETIME, lifetimeSeconds));
    }

    StunMessage createPermission(InetSocketAddress... peers) throws IOException {
        return request(TurnMethod.CREATE_PERMISSION, true, w -> {
            for (InetSocketAddress peer : peers) {
                w.addXorAddress(TurnAttribute.XOR_PEER_ADDRESS, peer);
            }
        });
    }

    StunMessage channelBind(int channel, InetSocketAddress peer) throws IOException {
        return request(TurnMethod.CHANNEL_BIND, true, w -> w.addUint32(TurnAttribute.CHANNEL_NUMBER, channel << 16)
                .addXorAddress(TurnAttribute.XOR_PEER_ADDRESS, peer));
    }

    /**
     * Sends a request (signed with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY) and waits for its response; a signed
     * request answered 438 is sent again with the fresh NONCE, as clients do, unless {@link #retryStaleNonce} is off.
     */
    StunMessage request(int method, boolean signed, Consumer<StunMessageWriter> attributes) throws IOException {
        StunMessage response = requestOnce(method, signed, attributes);
        if (signed && retryStaleNonce && response.errorCode() == 438) {
            nonce = response.stringAttribute(StunAttribute.NONCE);
            response = requestOnce(method, signed, attributes);
        }
        return response;
    }

    private StunMessage requestOnce(int method, boolean signed, Consumer<StunMessageWriter> attributes)
            throws IOException {
        byte[] transactionId = new byte[12];
        ThreadLocalRandom.current().nextBytes(transactionId);
        writer.begin(TurnMethod.request(method), transactionId, 0);
        attributes.accept(writer);
        if (signed) {
            writer.addUsername(username).addString(StunAttribute.REALM, realm)
                    .addString(StunAttribute.NONCE, nonce).addMessageIntegrity(key());
        }
        writer.addFingerprint();
        wire.send(writer.toByteArray());
        while (true) {
            byte[] message = wire.receive();
            if (message == null) {
                throw new AssertionError("no response to method " + method);
            }
            StunMessage response = StunMessage.parse(message, 0, message.length);
            if (response != null && response.messageClass() != StunClass.INDICATION
                    && Arrays.equals(response.transactionId(), transactionId)) {
                return response;
            }
            unread.add(message);
        }
    }

    void sendIndication(InetSocketAddress peer, byte[] data) throws IOException {
        byte[] transactionId = new byte[12];
        ThreadLocalRandom.current().nextBytes(transactionId);
        wire.send(writer.begin(TurnMethod.SEND_INDICATION, transactionId, 0)
                .addXorAddress(TurnAttribute.XOR_PEER_ADDRESS, peer)
                .addBytes(TurnAttribute.DATA, data, 0, data.length)
                .toByteArray());
    }

    void sendChannelData(int channel, byte[] data) throws IOException {
        byte[] message = new byte[ChannelData.HEADER_LENGTH + data.length];
        ChannelData.writeHeader(message, 0, channel, data.length);
        System.arraycopy(data, 0, message, ChannelData.HEADER_LENGTH, data.length);
        wire.send(message);
    }

    void sendRaw(byte[] bytes) throws IOException {
        wire.send(bytes);
    }

    /** The next relayed data, or null when none arrives within the timeout. */
    Received receiveData() throws IOException {
        while (true) {
            byte[] message = unread.isEmpty() ? wire.receive() : unread.poll();
            if (message == null) {
                return null;
            }
            if (ChannelData.looksLikeChannelData(message, 0, message.length)) {
                int length = ChannelData.dataLength(message, 0);
                return new Received(null, ChannelData.channel(message, 0),
                        Arrays.copyOfRange(message, ChannelData.HEADER_LENGTH, ChannelData.HEADER_LENGTH + length));
            }
            StunMessage indication = StunMessage.parse(message, 0, message.length);
            if (indication != null && indication.messageType() == TurnMethod.DATA_INDICATION) {
                int data = indication.findAttribute(TurnAttribute.DATA);
                return new Received(indication.xorAddressAt(indication.findAttribute(TurnAttribute.XOR_PEER_ADDRESS)),
                        -1, Arrays.copyOfRange(message, data, data + indication.attributeLength(data)));
            }
        }
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }
}
