package dev.hibiki.bench.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A subscriber's path through the server's embedded TURN server ({@code --relay 1}), as a browser with
 * {@code iceTransportPolicy: "relay"} takes it: an allocation over UDP with the offer's TURN REST credentials, one
 * channel bound to the server's media address (RFC 8656 sections 7 and 11), and every datagram after that as
 * ChannelData. The allocation (10 minutes) and the channel outlast a benchmark level, so nothing is refreshed.
 */
final class TurnChannel {
    private static final int ALLOCATE = 0x0003;
    private static final int CHANNEL_BIND = 0x0009;
    private static final int CHANNEL_NUMBER = 0x000C;
    private static final int XOR_PEER_ADDRESS = 0x0012;
    private static final int XOR_RELAYED_ADDRESS = 0x0016;
    private static final int REQUESTED_TRANSPORT = 0x0019;
    private static final int UDP = 17;
    static final int CHANNEL = 0x4000;
    static final int HEADER = 4;
    private static final int TIMEOUT_MILLIS = 3000;

    final InetSocketAddress relayed;

    private TurnChannel(InetSocketAddress relayed) {
        this.relayed = relayed;
    }

    /**
     * Connects {@code channel} (blocking, not yet registered with a loop) to the offer's {@code turn:…?transport=udp}
     * server, allocates and binds {@link #CHANNEL} to {@code mediaAddress}.
     */
    static TurnChannel open(DatagramChannel channel, JsonNode iceServers, InetSocketAddress mediaAddress)
            throws IOException {
        for (JsonNode server : iceServers) {
            for (JsonNode url : server.path("urls")) {
                String u = url.asText();
                if (u.startsWith("turn:") && u.endsWith("?transport=udp")) {
                    URI hostPort = URI.create("turn://" + u.substring(5, u.indexOf('?')));
                    channel.connect(new InetSocketAddress(hostPort.getHost(), hostPort.getPort()));
                    return bind(channel, server.path("username").asText(), server.path("credential").asText(),
                            mediaAddress);
                }
            }
        }
        throw new IOException("the offer names no TURN server over UDP: " + iceServers);
    }

    private static TurnChannel bind(DatagramChannel channel, String username, String password,
                                    InetSocketAddress mediaAddress) throws IOException {
        channel.socket().setSoTimeout(TIMEOUT_MILLIS);
        StunMessageWriter w = new StunMessageWriter(512);
        StunMessage challenge = request(channel, w, ALLOCATE, requestedUdp(w, ALLOCATE));
        if (challenge.errorCode() != 401) throw new IOException("TURN answered Allocate with " + challenge.errorCode());
        String realm = challenge.stringAttribute(StunAttribute.REALM);
        String nonce = challenge.stringAttribute(StunAttribute.NONCE);
        byte[] key = StunCredentials.longTermKey(username, realm, password);
        byte[] id = requestedUdp(w, ALLOCATE);
        StunMessage allocated = request(channel, sign(w, username, realm, nonce, key), ALLOCATE, id);
        if (allocated.messageClass() != StunClass.SUCCESS_RESPONSE) {
            throw new IOException("TURN refused the allocation: " + allocated.errorCode());
        }
        InetSocketAddress relayed = allocated.xorAddressAt(allocated.findAttribute(XOR_RELAYED_ADDRESS));
        id = begin(w, CHANNEL_BIND);
        w.addUint32(CHANNEL_NUMBER, CHANNEL << 16).addXorAddress(XOR_PEER_ADDRESS, mediaAddress);
        StunMessage bound = request(channel, sign(w, username, realm, nonce, key), CHANNEL_BIND, id);
        if (bound.messageClass() != StunClass.SUCCESS_RESPONSE) {
            throw new IOException("TURN refused the channel to " + mediaAddress + ": " + bound.errorCode());
        }
        return new TurnChannel(relayed);
    }

    private static byte[] begin(StunMessageWriter w, int method) {
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        w.begin(method, id, 0);
        return id;
    }

    private static byte[] requestedUdp(StunMessageWriter w, int method) {
        byte[] id = begin(w, method);
        w.addUint32(REQUESTED_TRANSPORT, UDP << 24);
        return id;
    }

    private static StunMessageWriter sign(StunMessageWriter w, String username, String realm, String nonce,
                                          byte[] key) {
        return w.addUsername(username).addString(StunAttribute.REALM, realm).addString(StunAttribute.NONCE, nonce)
                .addMessageIntegrity(key);
    }

    /** Sends the request in {@code w} and waits for the response with its transaction id. */
    private static StunMessage request(DatagramChannel channel, StunMessageWriter w, int method, byte[] id)
            throws IOException {
        w.addFingerprint();
        channel.write(ByteBuffer.wrap(w.buffer(), 0, w.length()));
        byte[] in = new byte[2048];
        while (true) {
            java.net.DatagramPacket packet = new java.net.DatagramPacket(in, in.length);
            try {
                channel.socket().receive(packet);
            } catch (SocketTimeoutException e) {
                throw new IOException("no TURN response to method " + method);
            }
            StunMessage response = StunMessage.parse(in, 0, packet.getLength());
            if (response != null && Arrays.equals(response.transactionId(), id)) return response;
        }
    }

    /** Sends {@code buf[off, off+len)} to the media address as ChannelData (no padding over UDP); any thread. */
    static boolean send(DatagramChannel channel, byte[] buf, int off, int len) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).putShort((short) CHANNEL).putShort((short) len).flip();
        return channel.write(new ByteBuffer[] {header, ByteBuffer.wrap(buf, off, len)}) == HEADER + len;
    }

    /** The length of the data in a datagram of {@code n} bytes from the TURN server, or -1 if not our ChannelData. */
    static int dataLength(byte[] buf, int n) {
        if (n < HEADER || (((buf[0] & 0xff) << 8) | (buf[1] & 0xff)) != CHANNEL) return -1;
        int len = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
        return len <= n - HEADER ? len : -1;
    }
}
