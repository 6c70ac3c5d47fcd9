package dev.hibiki.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.turn.proto.ChannelData;
import dev.hibiki.turn.proto.TurnAttribute;
import dev.hibiki.turn.proto.TurnMethod;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AllocationTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 6000);
    private static final InetSocketAddress PEER_OTHER_PORT = new InetSocketAddress("127.0.0.2", 6001);
    private static final InetSocketAddress OTHER_PEER = new InetSocketAddress("127.0.0.3", 6000);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final FakeRelay relay = new FakeRelay();
    private final RecordingClient client = new RecordingClient();

    private Allocation allocation(long bytesPerSecond) {
        Allocation allocation = new Allocation(
                new FiveTuple(FiveTuple.ClientTransport.UDP, CLIENT, new InetSocketAddress("127.0.0.1", 3478)),
                "u", new byte[16], new byte[12], relay, client, new ByteRateLimiter(bytesPerSecond, now.get()),
                client, now::get, now.get() + 600_000);
        allocation.start();
        return allocation;
    }

    @Test
    void aPermissionCoversEveryPortOfThePeerAddressFor300Seconds() {
        Allocation allocation = allocation(0);
        allocation.permit(PEER.getAddress(), now.get());

        assertThat(allocation.isPermitted(PEER_OTHER_PORT.getAddress(), now.get() + 299_999)).isTrue();
        assertThat(allocation.isPermitted(OTHER_PEER.getAddress(), now.get())).isFalse();
        assertThat(allocation.isPermitted(PEER.getAddress(), now.get() + 300_000)).isFalse();

        allocation.permit(PEER.getAddress(), now.get() + 200_000); // a refresh extends it
        assertThat(allocation.isPermitted(PEER.getAddress(), now.get() + 499_999)).isTrue();
    }

    @Test
    void aChannelLivesFor600SecondsAndItsBindRefreshesThePermission() {
        Allocation allocation = allocation(0);
        long t = now.get();

        assertThat(allocation.bind(0x4000, PEER, t)).isEqualTo(Allocation.BindResult.BOUND);

        assertThat(allocation.isPermitted(PEER.getAddress(), t + 299_999)).isTrue();
        assertThat(allocation.isPermitted(PEER.getAddress(), t + 300_000)).as("permission: 300 s").isFalse();
        assertThat(allocation.peerOf(0x4000, t + 599_999)).isEqualTo(PEER);
        assertThat(allocation.channelOf(PEER, t + 599_999)).isEqualTo(0x4000);
        assertThat(allocation.peerOf(0x4000, t + 600_000)).isNull();
        assertThat(allocation.channelOf(PEER, t + 600_000)).isEqualTo(-1);
    }

    @Test
    void aChannelOrPeerBoundElsewhereConflictsButTheSamePairRefreshes() {
        Allocation allocation = allocation(0);
        long t = now.get();
        allocation.bind(0x4000, PEER, t);

        assertThat(allocation.bind(0x4000, OTHER_PEER, t)).isEqualTo(Allocation.BindResult.CONFLICT);
        assertThat(allocation.bind(0x4001, PEER, t)).isEqualTo(Allocation.BindResult.CONFLICT);
        assertThat(allocation.bind(0x4000, PEER, t + 500_000)).isEqualTo(Allocation.BindResult.BOUND);
        assertThat(allocation.peerOf(0x4000, t + 1_000_000)).as("refreshed").isEqualTo(PEER);
        assertThat(allocation.bind(0x4001, OTHER_PEER, t)).isEqualTo(Allocation.BindResult.BOUND);
    }

    @Test
    void purgeForgetsExpiredPermissionsAndChannels() {
        Allocation allocation = allocation(0);
        long t = now.get();
        allocation.bind(0x4000, PEER, t);
        allocation.permit(OTHER_PEER.getAddress(), t + 200_000);

        allocation.purge(t + 300_000);
        assertThat(allocation.permissionCount()).isEqualTo(1);
        assertThat(allocation.channelCount()).isEqualTo(1);

        allocation.purge(t + 600_000);
        assertThat(allocation.permissionCount()).isZero();
        assertThat(allocation.channelCount()).isZero();
        assertThat(allocation.bind(0x4001, PEER, t + 600_000)).as("the peer is free again")
                .isEqualTo(Allocation.BindResult.BOUND);
    }

    @Test
    void clientDataReachesOnlyPermittedPeers() {
        Allocation allocation = allocation(0);
        allocation.permit(PEER.getAddress(), now.get());

        allocation.sendToPeer(ByteBuffer.wrap(new byte[] {1, 2, 3}), PEER_OTHER_PORT);
        allocation.sendToPeer(ByteBuffer.wrap(new byte[] {4}), OTHER_PEER);

        assertThat(relay.sent).hasSize(1);
        assertThat(relay.sent.get(0).peer()).isEqualTo(PEER_OTHER_PORT);
        assertThat(relay.sent.get(0).bytes()).containsExactly(1, 2, 3);
        assertThat(client.relayed).isEqualTo(1);
        assertThat(client.dropped).isEqualTo(1);
    }

    @Test
    void peerDataBecomesADataIndicationOrChannelDataWhenBound() {
        Allocation allocation = allocation(0);
        allocation.permit(PEER.getAddress(), now.get());
        allocation.bind(0x4005, OTHER_PEER, now.get());

        relay.deliver(PEER, new byte[] {9, 8, 7});
        relay.deliver(OTHER_PEER, new byte[] {5, 6});
        relay.deliver(new InetSocketAddress("127.0.0.9", 1), new byte[] {1});

        assertThat(client.messages).hasSize(1);
        byte[] indication = client.messages.get(0);
        StunMessage data = StunMessage.parse(indication, 0, indication.length);
        assertThat(data.messageType()).isEqualTo(TurnMethod.DATA_INDICATION);
        assertThat(data.xorAddressAt(data.findAttribute(TurnAttribute.XOR_PEER_ADDRESS))).isEqualTo(PEER);
        int at = data.findAttribute(TurnAttribute.DATA);
        assertThat(Arrays.copyOfRange(indication, at, at + data.attributeLength(at))).containsExactly(9, 8, 7);

        assertThat(client.channelData).hasSize(1);
        byte[] channelData = client.channelData.get(0);
        assertThat(ChannelData.channel(channelData, 0)).isEqualTo(0x4005);
        assertThat(ChannelData.dataLength(channelData, 0)).isEqualTo(2);
        assertThat(Arrays.copyOfRange(channelData, 4, 6)).containsExactly(5, 6);
        assertThat(client.dropped).as("the unpermitted peer").isEqualTo(1);
    }

    @Test
    void bytesAboveTheRateAreDroppedInBothDirections() {
        Allocation allocation = allocation(1000);
        allocation.permit(PEER.getAddress(), now.get());

        allocation.sendToPeer(ByteBuffer.wrap(new byte[600]), PEER);
        relay.deliver(PEER, new byte[600]);
        assertThat(relay.sent).hasSize(1);
        assertThat(client.messages).isEmpty();
        assertThat(client.dropped).isEqualTo(1);

        now.addAndGet(600); // 600 bytes more allowed
        relay.deliver(PEER, new byte[600]);
        assertThat(client.messages).hasSize(1);
    }
}
