package dev.hibiki.turn;

import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunErrorCode;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.turn.allocation.Allocation;
import dev.hibiki.turn.allocation.ByteRateLimiter;
import dev.hibiki.turn.allocation.ClientSink;
import dev.hibiki.turn.allocation.FiveTuple;
import dev.hibiki.turn.allocation.RelayTransport;
import dev.hibiki.turn.proto.ChannelData;
import dev.hibiki.turn.proto.TurnAttribute;
import dev.hibiki.turn.proto.TurnErrorCode;
import dev.hibiki.turn.proto.TurnMethod;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the STUN requests of one client transport (RFC 8656 sections 7 to 11): Binding, Allocate, Refresh,
 * CreatePermission, ChannelBind. One instance per reading thread: its writer is reused for every response.
 */
final class TurnRequestHandler {
    private static final Logger log = LoggerFactory.getLogger(TurnRequestHandler.class);
    private static final int MAX_UNKNOWN = 8;
    /** Ephemeral ports come in no order: half are even, so a few tries find one. */
    private static final int EVEN_PORT_ATTEMPTS = 32;

    private final TurnContext context;
    /** Responses carry at most addresses, a REALM (under 128 characters), a NONCE and eight unknown types. */
    private final StunMessageWriter writer = new StunMessageWriter(1024);
    private final ByteBuffer writerView = ByteBuffer.wrap(writer.buffer());
    private final int[] unknown = new int[MAX_UNKNOWN];

    TurnRequestHandler(TurnContext context) {
        this.context = context;
    }

    void onRequest(StunMessage request, FiveTuple tuple, ClientSink sink) {
        int method = request.method();
        if (method == StunMessageType.METHOD_BINDING) {
            writer.beginResponse(StunMessageType.BINDING_SUCCESS_RESPONSE, request).addXorMappedAddress(tuple.client());
            send(request, sink, null);
            return;
        }
        if (method != TurnMethod.ALLOCATE && method != TurnMethod.REFRESH && method != TurnMethod.CREATE_PERMISSION
                && method != TurnMethod.CHANNEL_BIND) {
            error(request, sink, StunErrorCode.BAD_REQUEST, null);
            return;
        }
        TurnAuthenticator.Outcome auth = context.authenticator().authenticate(request, tuple.client().getAddress());
        if (!auth.authenticated()) {
            challengeOrError(request, tuple, sink, auth);
            return;
        }
        byte[] key = auth.key();
        int unknownCount = unknownAttributes(request);
        if (unknownCount > 0) {
            writer.beginResponse(TurnMethod.errorResponse(method), request)
                    .addErrorCode(StunErrorCode.UNKNOWN_ATTRIBUTE, StunErrorCode.reasonPhrase(420))
                    .addUnknownAttributes(unknown, unknownCount);
            send(request, sink, key);
            return;
        }
        Allocation allocation = context.allocations().find(tuple);
        if (allocation != null && !allocation.username().equals(auth.username())) {
            error(request, sink, TurnErrorCode.WRONG_CREDENTIALS, key);
            return;
        }
        if (method == TurnMethod.ALLOCATE) {
            allocate(request, tuple, sink, auth, allocation);
        } else if (allocation == null) {
            error(request, sink, TurnErrorCode.ALLOCATION_MISMATCH, key);
        } else if (method == TurnMethod.REFRESH) {
            refresh(request, sink, allocation);
        } else if (method == TurnMethod.CREATE_PERMISSION) {
            createPermission(request, sink, allocation);
        } else {
            channelBind(request, sink, allocation);
        }
    }

    private void allocate(StunMessage request, FiveTuple tuple, ClientSink sink, TurnAuthenticator.Outcome auth,
                          Allocation existing) {
        byte[] key = auth.key();
        if (existing != null) {
            // A retransmitted Allocate gets the same answer; any other one is a mismatch (RFC 8656 section 7.2).
            if (existing.isAllocateRetransmission(request.buffer(), request.transactionIdOffset())) {
                allocated(request, sink, existing, (existing.expiresAt() - context.now()) / 1000);
            } else {
                error(request, sink, TurnErrorCode.ALLOCATION_MISMATCH, key);
            }
            return;
        }
        int transport = request.findAttribute(TurnAttribute.REQUESTED_TRANSPORT);
        if (transport < 0 || request.attributeLength(transport) != 4) {
            error(request, sink, StunErrorCode.BAD_REQUEST, key);
            return;
        }
        if ((request.buffer()[transport] & 0xFF) != TurnAttribute.TRANSPORT_UDP) {
            error(request, sink, TurnErrorCode.UNSUPPORTED_TRANSPORT_PROTOCOL, key);
            return;
        }
        int evenPort = request.findAttribute(TurnAttribute.EVEN_PORT);
        if (evenPort >= 0 && request.findAttribute(TurnAttribute.RESERVATION_TOKEN) >= 0) {
            error(request, sink, StunErrorCode.BAD_REQUEST, key); // the two exclude each other (RFC 8656 section 7.2)
            return;
        }
        if (request.findAttribute(TurnAttribute.RESERVATION_TOKEN) >= 0) {
            error(request, sink, TurnErrorCode.INSUFFICIENT_CAPACITY, key); // this server reserves no ports
            return;
        }
        InetAddress relayAddress = relayAddressFor(request);
        if (relayAddress == null) {
            error(request, sink, TurnErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED, key);
            return;
        }
        if (context.allocations().isAtQuota(auth.username())) {
            context.stats().quotaRefusal();
            error(request, sink, TurnErrorCode.ALLOCATION_QUOTA_REACHED, key);
            return;
        }
        RelayTransport relay;
        try {
            relay = openRelay(relayAddress, evenPort >= 0);
        } catch (IOException | RuntimeException e) {
            log.warn("no relayed address on {}", relayAddress, e);
            relay = null;
        }
        if (relay == null) {
            error(request, sink, TurnErrorCode.INSUFFICIENT_CAPACITY, key);
            return;
        }
        long now = context.now();
        long lifetime = context.config().quotas().grantedLifetimeSeconds(requestedLifetime(request));
        Allocation allocation = new Allocation(tuple, auth.username(), key, request.transactionId(), relay, sink,
                new ByteRateLimiter(context.config().quotas().bytesPerSecond(), now), context.stats(),
                context.config().clock()::millis, now + lifetime * 1000);
        if (!context.allocations().add(allocation)) {
            relay.close();
            context.stats().quotaRefusal();
            error(request, sink, TurnErrorCode.ALLOCATION_QUOTA_REACHED, key);
            return;
        }
        allocation.start();
        context.stats().allocationCreated();
        allocated(request, sink, allocation, lifetime);
    }

    /**
     * A relayed side on {@code address}; with EVEN-PORT, one whose port is even (its R bit, asking to reserve the next
     * port too, is a SHOULD this server does not honour: no RESERVATION-TOKEN comes back). Null when no even port
     * turned up.
     */
    private RelayTransport openRelay(InetAddress address, boolean evenPort) throws IOException {
        for (int attempt = 0; attempt < EVEN_PORT_ATTEMPTS; attempt++) {
            RelayTransport relay = context.config().relayTransports().open(address);
            if (!evenPort || relay.relayedAddress().getPort() % 2 == 0) {
                return relay;
            }
            relay.close();
        }
        return null;
    }

    private void allocated(StunMessage request, ClientSink sink, Allocation allocation, long lifetimeSeconds) {
        writer.beginResponse(TurnMethod.successResponse(TurnMethod.ALLOCATE), request)
                .addXorAddress(TurnAttribute.XOR_RELAYED_ADDRESS, allocation.relayedAddress())
                .addUint32(TurnAttribute.LIFETIME, (int) Math.max(0, lifetimeSeconds))
                .addXorMappedAddress(allocation.tuple().client());
        send(request, sink, allocation.key());
    }

    /** The relay address of the requested family (IPv4 by default), or null when the server has none. */
    private InetAddress relayAddressFor(StunMessage request) {
        int at = request.findAttribute(TurnAttribute.REQUESTED_ADDRESS_FAMILY);
        boolean ipv6 = at >= 0 && request.attributeLength(at) == 4
                && request.buffer()[at] == TurnAttribute.FAMILY_IPV6;
        for (InetAddress address : context.config().relayAddresses()) {
            if ((address instanceof Inet4Address) != ipv6) {
                return address;
            }
        }
        return null;
    }

    private void refresh(StunMessage request, ClientSink sink, Allocation allocation) {
        long requested = requestedLifetime(request);
        long granted = 0;
        if (requested == 0) {
            context.allocations().remove(allocation);
        } else {
            granted = context.config().quotas().grantedLifetimeSeconds(requested);
            allocation.refresh(context.now() + granted * 1000);
        }
        writer.beginResponse(TurnMethod.successResponse(TurnMethod.REFRESH), request)
                .addUint32(TurnAttribute.LIFETIME, (int) granted);
        send(request, sink, allocation.key());
    }

    /** LIFETIME in seconds, or the default when absent or malformed. */
    private static long requestedLifetime(StunMessage request) {
        int at = request.findAttribute(TurnAttribute.LIFETIME);
        if (at < 0 || request.attributeLength(at) != 4) {
            return TurnQuotas.DEFAULT_LIFETIME.toSeconds();
        }
        byte[] b = request.buffer();
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private void createPermission(StunMessage request, ClientSink sink, Allocation allocation) {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int at = request.findAttribute(TurnAttribute.XOR_PEER_ADDRESS); at >= 0;
             at = request.findAttribute(TurnAttribute.XOR_PEER_ADDRESS, at)) {
            InetSocketAddress peer = request.xorAddressAt(at);
            if (peer == null) {
                error(request, sink, StunErrorCode.BAD_REQUEST, allocation.key());
                return;
            }
            peers.add(peer);
        }
        if (peers.isEmpty()) {
            error(request, sink, StunErrorCode.BAD_REQUEST, allocation.key());
            return;
        }
        for (InetSocketAddress peer : peers) {
            int refusal = refusal(peer, allocation);
            if (refusal != 0) {
                error(request, sink, refusal, allocation.key()); // all or nothing (RFC 8656 section 9.2)
                return;
            }
        }
        long now = context.now();
        for (InetSocketAddress peer : peers) {
            allocation.permit(peer.getAddress(), now);
        }
        writer.beginResponse(TurnMethod.successResponse(TurnMethod.CREATE_PERMISSION), request);
        send(request, sink, allocation.key());
    }

    private void channelBind(StunMessage request, ClientSink sink, Allocation allocation) {
        int channelAt = request.findAttribute(TurnAttribute.CHANNEL_NUMBER);
        int peerAt = request.findAttribute(TurnAttribute.XOR_PEER_ADDRESS);
        InetSocketAddress peer = peerAt < 0 ? null : request.xorAddressAt(peerAt);
        if (channelAt < 0 || request.attributeLength(channelAt) != 4 || peer == null) {
            error(request, sink, StunErrorCode.BAD_REQUEST, allocation.key());
            return;
        }
        byte[] b = request.buffer();
        int channel = ((b[channelAt] & 0xFF) << 8) | (b[channelAt + 1] & 0xFF);
        if (!ChannelData.isValidChannel(channel)) {
            error(request, sink, StunErrorCode.BAD_REQUEST, allocation.key());
            return;
        }
        int refusal = refusal(peer, allocation);
        if (refusal != 0) {
            error(request, sink, refusal, allocation.key());
            return;
        }
        if (allocation.bind(channel, peer, context.now()) == Allocation.BindResult.CONFLICT) {
            error(request, sink, StunErrorCode.BAD_REQUEST, allocation.key());
            return;
        }
        writer.beginResponse(TurnMethod.successResponse(TurnMethod.CHANNEL_BIND), request);
        send(request, sink, allocation.key());
    }

    /** 0 when {@code peer} may be reached from {@code allocation}, otherwise the error code. */
    private int refusal(InetSocketAddress peer, Allocation allocation) {
        boolean relayIpv4 = allocation.relayedAddress().getAddress() instanceof Inet4Address;
        if ((peer.getAddress() instanceof Inet4Address) != relayIpv4) {
            return TurnErrorCode.PEER_ADDRESS_FAMILY_MISMATCH;
        }
        if (!context.config().peerPolicy().allows(peer)) {
            context.stats().refusedPeer();
            return TurnErrorCode.FORBIDDEN;
        }
        return 0;
    }

    /** Collects the comprehension-required attributes that neither STUN nor TURN here understands. */
    private int unknownAttributes(StunMessage request) {
        int count = 0;
        for (int i = 0; i < request.unknownComprehensionRequiredCount(); i++) {
            int type = request.unknownComprehensionRequired(i);
            if (!TurnAttribute.isUnderstood(type)) {
                unknown[count++] = type;
            }
        }
        return count;
    }

    private void challengeOrError(StunMessage request, FiveTuple tuple, ClientSink sink,
                                  TurnAuthenticator.Outcome auth) {
        writer.beginResponse(TurnMethod.errorResponse(request.method()), request)
                .addErrorCode(auth.errorCode(), TurnErrorCode.reasonPhrase(auth.errorCode()));
        if (auth.challenges()) {
            writer.addString(StunAttribute.REALM, context.config().realm())
                    .addString(StunAttribute.NONCE, context.authenticator().nonceFor(tuple.client().getAddress()));
        }
        send(request, sink, null);
    }

    private void error(StunMessage request, ClientSink sink, int code, byte[] key) {
        writer.beginResponse(TurnMethod.errorResponse(request.method()), request)
                .addErrorCode(code, TurnErrorCode.reasonPhrase(code));
        send(request, sink, key);
    }

    /** Signs the response when a key is known, adds FINGERPRINT when the request had one, and sends it. */
    private void send(StunMessage request, ClientSink sink, byte[] key) {
        if (key != null) {
            writer.addMessageIntegrity(key);
        }
        if (request.hasFingerprint()) {
            writer.addFingerprint();
        }
        writerView.clear().limit(writer.length());
        sink.sendMessage(writerView);
    }
}
