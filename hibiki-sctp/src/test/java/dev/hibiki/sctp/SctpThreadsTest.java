package dev.hibiki.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real threads: a scheduler for the timers, a delivery thread per direction, and several threads sending at once. */
class SctpThreadsTest {
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private final ExecutorService toClient = Executors.newSingleThreadExecutor();
    private final ExecutorService toServer = Executors.newSingleThreadExecutor();
    private final ExecutorService senders = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        timers.shutdownNow();
        toClient.shutdownNow();
        toServer.shutdownNow();
        senders.shutdownNow();
    }

    @Test
    void concurrentSendersOnSeveralChannelsKeepEachChannelsOrder() throws Exception {
        RecordingListener clientEvents = new RecordingListener();
        RecordingListener serverEvents = new RecordingListener();
        SctpAssociation[] pair = new SctpAssociation[2];
        pair[0] = new SctpAssociation(SctpRole.CLIENT, forward(toServer, pair, 1), clientEvents, timers,
                SctpOptions.defaults());
        pair[1] = new SctpAssociation(SctpRole.SERVER, forward(toClient, pair, 0), serverEvents, timers,
                SctpOptions.defaults());
        pair[1].start();
        pair[0].start();
        await().atMost(Duration.ofSeconds(5)).until(() -> pair[0].isEstablished() && pair[1].isEstablished());

        int channels = 4;
        int perChannel = 500;
        List<DataChannel> opened = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            opened.add(pair[0].openChannel("c" + c, DataChannelOptions.reliable()));
        }
        for (DataChannel channel : opened) {
            senders.submit(() -> {
                for (int i = 0; i < perChannel; i++) {
                    channel.sendText(channel.label() + ":" + i);
                }
            });
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> serverEvents.messages.size() == channels * perChannel);
        for (int c = 0; c < channels; c++) {
            String label = "c" + c;
            List<String> got = serverEvents.messages.stream().filter(m -> m.channel().label().equals(label))
                    .map(RecordingListener.Message::text).toList();
            assertThat(got).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, perChannel).mapToObj(i -> label + ":" + i).toList());
        }
        assertThat(serverEvents.opened).hasSize(channels);
        pair[0].close();
        await().atMost(Duration.ofSeconds(5)).until(() -> clientEvents.closed.size() == 1
                && serverEvents.closed.size() == 1);
        assertThat(pair[0].internalErrors() + pair[1].internalErrors()).isZero();
    }

    private static SctpPacketSender forward(ExecutorService thread, SctpAssociation[] pair, int to) {
        return (b, off, len) -> {
            byte[] copy = Arrays.copyOfRange(b, off, off + len);
            thread.execute(() -> pair[to].onPacket(copy, 0, copy.length));
        };
    }
}
