package dev.hibiki.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SctpAssociationTest {

    @Test
    void clientInitiatesAndServerAnswers() {
        Link link = new Link();
        link.establish();
        assertThat(link.client.isEstablished()).isTrue();
        assertThat(link.server.isEstablished()).isTrue();
    }

    @Test
    void simultaneousInitsEstablishOneAssociation() {
        Link link = new Link(SctpRole.CLIENT, SctpRole.CLIENT);
        link.establish();
        DataChannel channel = link.client.openChannel("both", DataChannelOptions.reliable());
        channel.sendText("after a collision");
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 1, 2_000)).isTrue();
        assertThat(link.serverEvents.messages.getFirst().text()).isEqualTo("after a collision");
    }

    @Test
    void serverRoleAnswersWhenTheDtlsServerPeerSendsInit() {
        Link link = new Link(SctpRole.SERVER, SctpRole.CLIENT);
        link.establish();
        assertThat(link.client.isEstablished()).isTrue();
    }

    @Test
    void initIsRetransmittedUntilThePeerAnswers() {
        Link link = new Link();
        link.cut = true;
        link.server.start();
        link.client.start();
        link.scheduler.advance(2_500);
        link.cut = false;
        assertThat(link.runUntil(() -> link.clientEvents.established && link.serverEvents.established, 10_000))
                .isTrue();
        assertThat(link.client.stats().packetsSent()).isGreaterThan(3);
    }

    @Test
    void dcepOpensTheChannelOnBothSidesWithItsParameters() {
        Link link = new Link();
        link.establish();
        DataChannel ours = link.client.openChannel("chat",
                new DataChannelOptions(false, 3, null, "proto", null));
        assertThat(ours.streamId() % 2).isZero();
        assertThat(link.runUntil(() -> !link.clientEvents.opened.isEmpty()
                && !link.serverEvents.opened.isEmpty(), 1_000)).isTrue();
        DataChannel theirs = link.serverEvents.opened.getFirst();
        assertThat(theirs.label()).isEqualTo("chat");
        assertThat(theirs.protocol()).isEqualTo("proto");
        assertThat(theirs.ordered()).isFalse();
        assertThat(theirs.maxRetransmits()).isEqualTo(3);
        assertThat(theirs.streamId()).isEqualTo(ours.streamId());
        assertThat(link.clientEvents.opened).containsExactly(ours);
        DataChannel serverOwn = link.server.openChannel("odd", DataChannelOptions.reliable());
        assertThat(serverOwn.streamId() % 2).isOne();
    }

    @Test
    void channelOpenedBeforeTheHandshakeSendsOnceEstablished() {
        Link link = new Link();
        DataChannel early = link.client.openChannel("early", DataChannelOptions.reliable());
        early.sendText("queued");
        link.establish();
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 1, 1_000)).isTrue();
        assertThat(link.serverEvents.messages.getFirst().text()).isEqualTo("queued");
    }

    @Test
    void textBinaryAndEmptyMessagesKeepTheirKind() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("kinds", DataChannelOptions.reliable());
        channel.sendText("héllo");
        channel.send(new byte[] {1, 2, 3}, true);
        channel.send(new byte[0], true);
        channel.send(new byte[0], false);
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 4, 1_000)).isTrue();
        List<RecordingListener.Message> m = link.serverEvents.messages;
        assertThat(m.get(0).text()).isEqualTo("héllo");
        assertThat(m.get(0).binary()).isFalse();
        assertThat(m.get(1).data()).containsExactly(1, 2, 3);
        assertThat(m.get(1).binary()).isTrue();
        assertThat(m.get(2).data()).isEmpty();
        assertThat(m.get(2).binary()).isTrue();
        assertThat(m.get(3).data()).isEmpty();
        assertThat(m.get(3).binary()).isFalse();
    }

    @Test
    void largeMessagesAreFragmentedAndReassembled() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("big", DataChannelOptions.reliable());
        byte[] big = new byte[200 * 1024];
        new Random(1).nextBytes(big);
        channel.send(big, true);
        channel.sendText("after");
        assertThat(channel.bufferedAmount()).isGreaterThan(200 * 1024);
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 2, 10_000)).isTrue();
        assertThat(link.serverEvents.messages.get(0).data()).isEqualTo(big);
        assertThat(link.serverEvents.messages.get(1).text()).isEqualTo("after");
        assertThat(link.runUntil(() -> channel.bufferedAmount() == 0, 2_000)).isTrue();
    }

    @Test
    void messageAboveMaxMessageSizeIsRefused() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("big", DataChannelOptions.reliable());
        assertThatThrownBy(() -> channel.send(new byte[262_145], true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void receivedMessageAboveOurMaxMessageSizeIsDroppedAndTheNextOneDelivered() {
        Link link = new Link(SctpRole.CLIENT, SctpRole.SERVER, new SctpOptions(5000, 5000, 2000, 1 << 20));
        link.establish();
        DataChannel channel = link.client.openChannel("limits", DataChannelOptions.reliable());
        channel.send(new byte[5000], true);
        channel.sendText("small");
        assertThat(link.runUntil(() -> !link.serverEvents.messages.isEmpty(), 2_000)).isTrue();
        link.scheduler.advance(500);
        assertThat(link.serverEvents.messages).extracting(RecordingListener.Message::text).containsExactly("small");
        assertThat(link.runUntil(() -> channel.bufferedAmount() == 0, 2_000)).isTrue();
    }

    @Test
    void channelsTakeTurnsSoABacklogDoesNotHoldAnotherChannelBack() {
        Link link = new Link();
        link.establish();
        DataChannel bulk = link.client.openChannel("bulk", DataChannelOptions.reliable());
        DataChannel chat = link.client.openChannel("chat", DataChannelOptions.reliable());
        assertThat(link.runUntil(() -> link.serverEvents.opened.size() == 2, 1_000)).isTrue();
        for (int i = 0; i < 20; i++) {
            bulk.send(new byte[10_000], true);
        }
        chat.sendText("urgent");
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 21, 10_000)).isTrue();
        List<String> labels = link.serverEvents.messages.stream().map(m -> m.channel().label()).toList();
        assertThat(labels.indexOf("chat")).isLessThan(3);
    }

    @Test
    void manyMessagesArriveInOrderBothWays() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("many", DataChannelOptions.reliable());
        assertThat(link.runUntil(() -> !link.serverEvents.opened.isEmpty(), 1_000)).isTrue();
        DataChannel back = link.serverEvents.opened.getFirst();
        for (int i = 0; i < 2000; i++) {
            channel.sendText("c" + i);
            back.sendText("s" + i);
        }
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 2000
                && link.clientEvents.messages.size() == 2000, 30_000)).isTrue();
        for (int i = 0; i < 2000; i++) {
            assertThat(link.serverEvents.messages.get(i).text()).isEqualTo("c" + i);
            assertThat(link.clientEvents.messages.get(i).text()).isEqualTo("s" + i);
        }
    }

    @Test
    void lossyReorderingLinkStillDeliversReliableMessagesInOrder() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("lossy", DataChannelOptions.reliable());
        link.loss = 0.1;
        link.reorder = 0.3;
        List<byte[]> sent = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] m = new byte[1 + r.nextInt(i % 10 == 0 ? 5000 : 300)];
            r.nextBytes(m);
            sent.add(m);
            channel.send(m, true);
        }
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 300, 120_000)).isTrue();
        for (int i = 0; i < 300; i++) {
            assertThat(link.serverEvents.messages.get(i).data()).isEqualTo(sent.get(i));
        }
        assertThat(link.client.stats().chunksRetransmitted()).isPositive();
        assertThat(link.runUntil(() -> channel.bufferedAmount() == 0, 30_000)).isTrue();
    }

    @Test
    void aSingleLossIsRepairedByFastRetransmitBeforeTheTimerFires() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("fast", DataChannelOptions.reliable());
        assertThat(link.runUntil(() -> !link.clientEvents.opened.isEmpty(), 1_000)).isTrue();
        var dropped = link.dropNextData();
        byte[] payload = new byte[1000];
        for (int i = 0; i < 20; i++) {
            payload[0] = (byte) i;
            channel.send(payload, true);
        }
        // the minimum RTO is 200 ms: only a fast retransmission delivers everything sooner
        link.scheduler.advance(RtoEstimator.MIN_MS - 50);
        assertThat(dropped).isTrue();
        assertThat(link.serverEvents.messages).hasSize(20);
        assertThat(link.serverEvents.messages).extracting(m -> (int) m.data()[0])
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertThat(link.client.stats().chunksRetransmitted()).isEqualTo(1);
    }

    @Test
    void unorderedChannelDeliversEverythingOnALossyLink() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("u", new DataChannelOptions(false, null, null, "", null));
        assertThat(link.runUntil(() -> !link.clientEvents.opened.isEmpty(), 1_000)).isTrue();
        link.loss = 0.1;
        link.reorder = 0.5;
        for (int i = 0; i < 200; i++) {
            channel.sendText("u" + i);
        }
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 200, 60_000)).isTrue();
        assertThat(link.serverEvents.messages).extracting(RecordingListener.Message::text)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 200)
                        .mapToObj(i -> "u" + i).toList());
    }

    @Test
    void partiallyReliableChannelAbandonsLostMessagesAndKeepsGoing() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("pr", new DataChannelOptions(true, 0, null, "", null));
        assertThat(link.runUntil(() -> !link.clientEvents.opened.isEmpty(), 1_000)).isTrue();
        link.loss = 0.2;
        for (int i = 0; i < 300; i++) {
            channel.sendText("p" + i);
        }
        link.scheduler.advance(20_000);
        link.loss = 0;
        channel.sendText("last");
        assertThat(link.runUntil(() -> !link.serverEvents.messages.isEmpty()
                && link.serverEvents.messages.getLast().text().equals("last"), 30_000)).isTrue();
        List<Integer> received = link.serverEvents.messages.stream().map(RecordingListener.Message::text)
                .filter(t -> t.startsWith("p")).map(t -> Integer.parseInt(t.substring(1))).toList();
        assertThat(received).isSorted().doesNotHaveDuplicates().hasSizeLessThan(300).hasSizeGreaterThan(150);
        assertThat(link.client.stats().messagesAbandoned()).isPositive();
        assertThat(link.runUntil(() -> channel.bufferedAmount() == 0, 5_000)).isTrue();
        // SHUTDOWN waits until the peer's cumulative TSN passed every abandoned chunk
        link.client.close();
        assertThat(link.runUntil(() -> link.clientEvents.closed.size() == 1, 10_000)).isTrue();
        assertThat(link.clientEvents.closed).containsExactly("shutdown");
    }

    @Test
    void lifetimeLimitedChannelAbandonsWhatCannotArriveInTime() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("t", new DataChannelOptions(true, null, 100, "", null));
        assertThat(link.runUntil(() -> !link.clientEvents.opened.isEmpty(), 1_000)).isTrue();
        link.cut = true;
        channel.sendText("lost");
        link.scheduler.advance(3_000);
        link.cut = false;
        channel.sendText("arrives");
        assertThat(link.runUntil(() -> !link.serverEvents.messages.isEmpty(), 30_000)).isTrue();
        assertThat(link.serverEvents.messages).extracting(RecordingListener.Message::text).containsExactly("arrives");
        link.client.close();
        assertThat(link.runUntil(() -> link.clientEvents.closed.size() == 1, 10_000)).isTrue();
        assertThat(link.clientEvents.closed).containsExactly("shutdown");
    }

    @Test
    void closingAChannelResetsBothDirections() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("bye", DataChannelOptions.reliable());
        channel.sendText("before close");
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 1, 1_000)).isTrue();
        channel.close();
        assertThat(channel.isOpen()).isFalse();
        assertThatThrownBy(() -> channel.sendText("x")).isInstanceOf(IllegalStateException.class);
        assertThat(link.runUntil(() -> link.clientEvents.closedChannels.size() == 1
                && link.serverEvents.closedChannels.size() == 1, 5_000)).isTrue();
        assertThat(link.client.channels()).isEmpty();
        assertThat(link.server.channels()).isEmpty();
        DataChannel again = link.client.openChannel("again", DataChannelOptions.reliable());
        assertThat(again.streamId()).isEqualTo(channel.streamId());
        again.sendText("reused");
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 2, 2_000)).isTrue();
        assertThat(link.serverEvents.messages.getLast().text()).isEqualTo("reused");
        assertThat(link.serverEvents.messages.getLast().channel().label()).isEqualTo("again");
    }

    @Test
    void resetOvertakingLostDataWaitsForItAndStillClosesBothSides() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("late", DataChannelOptions.reliable());
        assertThat(link.runUntil(() -> !link.clientEvents.opened.isEmpty(), 1_000)).isTrue();
        var dropped = link.dropNextData();
        channel.sendText("last words");
        channel.close();
        assertThat(link.runUntil(() -> link.clientEvents.closedChannels.size() == 1
                && link.serverEvents.closedChannels.size() == 1, 10_000)).isTrue();
        assertThat(dropped).isTrue();
        assertThat(link.serverEvents.messages).extracting(RecordingListener.Message::text)
                .containsExactly("last words");
    }

    @Test
    void theAnsweringSideMayCloseAChannelToo() {
        Link link = new Link();
        link.establish();
        DataChannel ours = link.client.openChannel("theirs to close", DataChannelOptions.reliable());
        DataChannel other = link.client.openChannel("stays", DataChannelOptions.reliable());
        assertThat(link.runUntil(() -> link.serverEvents.opened.size() == 2, 1_000)).isTrue();
        link.serverEvents.opened.getFirst().close();
        assertThat(link.runUntil(() -> link.clientEvents.closedChannels.size() == 1
                && link.serverEvents.closedChannels.size() == 1, 5_000)).isTrue();
        assertThat(link.clientEvents.closedChannels).containsExactly(ours);
        assertThat(ours.isOpen()).isFalse();
        assertThat(other.isOpen()).isTrue();
        other.sendText("still here");
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 1, 1_000)).isTrue();
    }

    @Test
    void negotiatedChannelsNeedNoDcep() {
        Link link = new Link();
        link.establish();
        DataChannelOptions negotiated = new DataChannelOptions(true, null, null, "", 7);
        DataChannel a = link.client.openChannel("n", negotiated);
        DataChannel b = link.server.openChannel("n", negotiated);
        a.sendText("to b");
        b.sendText("to a");
        assertThat(link.runUntil(() -> link.serverEvents.messages.size() == 1
                && link.clientEvents.messages.size() == 1, 1_000)).isTrue();
        assertThat(link.serverEvents.messages.getFirst().channel()).isSameAs(b);
        assertThat(link.clientEvents.messages.getFirst().channel()).isSameAs(a);
    }

    @Test
    void gracefulShutdownDeliversQueuedDataThenClosesBothEnds() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("s", DataChannelOptions.reliable());
        channel.send(new byte[50_000], true);
        link.client.close();
        link.client.close();
        assertThat(link.runUntil(() -> link.clientEvents.closed.size() == 1 && link.serverEvents.closed.size() == 1,
                10_000)).isTrue();
        assertThat(link.serverEvents.messages).hasSize(1);
        assertThat(link.clientEvents.closed).containsExactly("shutdown");
        assertThat(link.serverEvents.closed).containsExactly("shutdown");
        assertThat(link.clientEvents.closedChannels).containsExactly(channel);
        assertThat(link.client.isEstablished()).isFalse();
    }

    @Test
    void abortEndsBothEnds() {
        Link link = new Link();
        link.establish();
        link.client.abort("test over");
        assertThat(link.runUntil(() -> link.serverEvents.closed.size() == 1, 1_000)).isTrue();
        assertThat(link.clientEvents.closed).containsExactly("test over");
        assertThat(link.serverEvents.closed.getFirst()).startsWith("aborted by peer");
        assertThat(link.server.isEstablished()).isFalse();
    }

    @Test
    void peerThatStopsAnsweringEndsTheAssociation() {
        Link link = new Link();
        link.establish();
        DataChannel channel = link.client.openChannel("gone", DataChannelOptions.reliable());
        link.cut = true;
        channel.sendText("into the void");
        assertThat(link.runUntil(() -> !link.clientEvents.closed.isEmpty(), 200_000)).isTrue();
        assertThat(link.clientEvents.closed).containsExactly("too many retransmissions");
        assertThat(link.clientEvents.closedChannels).containsExactly(channel);
    }

    @Test
    void handshakeGivesUpWhenNobodyAnswers() {
        Link link = new Link();
        link.cut = true;
        link.client.start();
        assertThat(link.runUntil(() -> !link.clientEvents.closed.isEmpty(), 200_000)).isTrue();
        assertThat(link.clientEvents.closed).containsExactly("handshake timed out");
    }

    @Test
    void listenerMayCallBackIntoTheAssociation() {
        ManualScheduler scheduler = new ManualScheduler();
        SctpAssociation[] pair = new SctpAssociation[2];
        RecordingListener clientEvents = new RecordingListener();
        SctpListener echo = new SctpListener() {
            @Override
            public void onChannelOpen(DataChannel channel) {
            }

            @Override
            public void onMessage(DataChannel channel, byte[] data, boolean binary) {
                channel.send(data, binary);
            }
        };
        pair[0] = new SctpAssociation(SctpRole.CLIENT, forward(scheduler, pair, 1), clientEvents, scheduler,
                SctpOptions.defaults(), scheduler::nanoTime, new Random(1));
        pair[1] = new SctpAssociation(SctpRole.SERVER, forward(scheduler, pair, 0), echo, scheduler,
                SctpOptions.defaults(), scheduler::nanoTime, new Random(2));
        pair[1].start();
        pair[0].start();
        DataChannel channel = pair[0].openChannel("echo", DataChannelOptions.reliable());
        channel.send("ping".getBytes(StandardCharsets.UTF_8), false);
        assertThat(scheduler.runUntil(() -> clientEvents.messages.size() == 1, 2_000)).isTrue();
        assertThat(clientEvents.messages.getFirst().text()).isEqualTo("ping");
    }

    private static SctpPacketSender forward(ManualScheduler scheduler, SctpAssociation[] pair, int to) {
        return (b, off, len) -> {
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            scheduler.schedule(() -> pair[to].onPacket(copy, 0, copy.length), 5, java.util.concurrent.TimeUnit.MILLISECONDS);
        };
    }
}
