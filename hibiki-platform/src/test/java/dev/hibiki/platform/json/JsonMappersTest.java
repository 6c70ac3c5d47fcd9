package dev.hibiki.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signaling messages and API requests are parsed on short-lived virtual threads, and notifies written on long-lived
 * ones. What matters is what a parse or write costs on a thread that has never used Jackson: with Jackson's default
 * per-thread buffers, the buffers, which that thread then keeps.
 */
class JsonMappersTest {

    private static final String PONG = "{\"type\":\"pong\"}";
    private static final int THREADS = 40;

    @Test
    void aParseOnAFreshThreadReusesSharedBuffers() throws Exception {
        long shared = bytesPerParseOnFreshThreads(JsonMappers.sharedBufferMapper());
        long perThread = bytesPerParseOnFreshThreads(new ObjectMapper());
        // Measured here: ~9.2 KB per parse with per-thread buffers, ~0.9 KB with the shared pool.
        assertThat(perThread).as("default mapper, bytes per parse").isGreaterThan(8_000);
        assertThat(shared).as("shared-buffer mapper, bytes per parse").isLessThan(perThread / 4);
    }

    /**
     * Notifies are written on whatever thread reports a change, often a connection's long-lived DTLS thread: what a
     * write leaves there is kept for the connection's life.
     */
    @Test
    void aWriteOnAFreshThreadReusesSharedBuffers() throws Exception {
        ObjectMapper shared = JsonMappers.sharedBufferMapper();
        JsonNode notify = shared.readTree("{\"type\":\"notify\",\"event_type\":\"connection.created\",\"data\":[]}");
        String expected = notify.toString();
        long viaShared = bytesPerCallOnFreshThreads(() -> shared.writeValueAsString(notify), expected);
        long viaToString = bytesPerCallOnFreshThreads(notify::toString, expected);
        assertThat(viaToString).as("JsonNode.toString, bytes per write").isGreaterThan(8_000);
        assertThat(viaShared).as("shared-buffer mapper, bytes per write").isLessThan(viaToString / 4);
    }

    private static long bytesPerParseOnFreshThreads(ObjectMapper mapper) throws Exception {
        return bytesPerCallOnFreshThreads(() -> mapper.readTree(PONG).path("type").asText(), "pong");
    }

    private static long bytesPerCallOnFreshThreads(Callable<String> call, String expected) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200; i++) assertThat(call.call()).isEqualTo(expected); // classes loaded, pool filled, JIT
        long[] allocated = new long[THREADS];
        String[] results = new String[THREADS];
        for (int i = 0; i < THREADS; i++) {
            int slot = i;
            Thread t = Thread.ofPlatform().start(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    results[slot] = call.call();
                } catch (Exception e) {
                    results[slot] = e.toString();
                }
                allocated[slot] = threads.getCurrentThreadAllocatedBytes() - before;
            });
            t.join();
        }
        assertThat(results).containsOnly(expected);
        long total = 0;
        for (long a : allocated) total += a;
        return total / THREADS;
    }
}
