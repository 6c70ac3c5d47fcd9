package dev.hibiki.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signaling messages and API requests are parsed on short-lived virtual threads. What matters is the garbage a parse
 * leaves on a thread that has never parsed before: with Jackson's default per-thread buffers that is the buffers.
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

    private static long bytesPerParseOnFreshThreads(ObjectMapper mapper) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200; i++) mapper.readTree(PONG); // classes loaded, pool filled, code compiled
        long[] allocated = new long[THREADS];
        String[] parsed = new String[THREADS];
        for (int i = 0; i < THREADS; i++) {
            int slot = i;
            Thread t = Thread.ofPlatform().start(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    parsed[slot] = mapper.readTree(PONG).path("type").asText();
                } catch (Exception e) {
                    parsed[slot] = e.toString();
                }
                allocated[slot] = threads.getCurrentThreadAllocatedBytes() - before;
            });
            t.join();
        }
        assertThat(parsed).containsOnly("pong");
        long total = 0;
        for (long a : allocated) total += a;
        return total / THREADS;
    }
}
