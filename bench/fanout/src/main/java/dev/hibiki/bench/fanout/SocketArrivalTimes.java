package dev.hibiki.bench.fanout;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.nio.channels.DatagramChannel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * When each datagram reached its socket, from the kernel ({@code SO_TIMESTAMPNS}, Linux), so that the added latency
 * the bench reports is the SFU's (publisher send → arrival at the subscriber's socket) and not the load client's own
 * scheduling: the client shares the server's two cores, and how late its receive threads get to a socket is a cost
 * of the test set-up, not of forwarding. On loopback the kernel stamps the datagram in the server's {@code sendto}.
 *
 * <p>One reader per IO thread ({@link #read} uses its native buffers). Needs the JDK's socket file descriptor, so the
 * client JVM runs with {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}; {@link #available} says whether it
 * does.
 */
final class SocketArrivalTimes {

    private static final int SOL_SOCKET = 1;
    private static final int SO_TIMESTAMPNS = 35; // also SCM_TIMESTAMPNS
    private static final int MSG_DONTWAIT = 0x40;
    private static final int CLOCK_REALTIME = 0;
    private static final int MSGHDR_SIZE = 56;
    private static final int CONTROL_SIZE = 64;

    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle RECVMSG;
    private static final MethodHandle CLOCK_GETTIME;
    private static final Field FD_FIELD;
    private static final String UNAVAILABLE;

    static {
        MethodHandle setsockopt = null, recvmsg = null, clock = null;
        Field fd = null;
        String why = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            setsockopt = linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
            recvmsg = linker.downcallHandle(libc.find("recvmsg").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
            clock = linker.downcallHandle(libc.find("clock_gettime").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
            fd = Class.forName("sun.nio.ch.DatagramChannelImpl").getDeclaredField("fdVal");
            fd.setAccessible(true);
        } catch (Throwable e) { // not Linux/x86-64 glibc, or the JVM lacks --add-opens java.base/sun.nio.ch
            why = e.toString();
        }
        SETSOCKOPT = setsockopt;
        RECVMSG = recvmsg;
        CLOCK_GETTIME = clock;
        FD_FIELD = fd;
        UNAVAILABLE = why;
    }

    private final MemorySegment data;
    private final MemorySegment msg;
    private final MemorySegment control;
    private final MemorySegment timespec;
    private final int capacity;
    private long realtimeMinusNano;
    private long calibratedAt;
    private boolean calibrated;
    private long arrival;

    SocketArrivalTimes(int capacity) {
        Arena arena = Arena.ofAuto();
        this.capacity = capacity;
        this.data = arena.allocate(capacity);
        this.msg = arena.allocate(MSGHDR_SIZE, 8);
        this.control = arena.allocate(CONTROL_SIZE, 8);
        this.timespec = arena.allocate(16, 8);
        MemorySegment iov = arena.allocate(16, 8);
        iov.set(ADDRESS, 0, data);
        iov.set(JAVA_LONG, 8, capacity);
        msg.set(ADDRESS, 16, iov);   // msg_iov
        msg.set(JAVA_LONG, 24, 1);   // msg_iovlen
        msg.set(ADDRESS, 32, control); // msg_control
    }

    /** Null when kernel arrival times can be had, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Turns on arrival stamps for {@code channel}; its file descriptor, or -1 when that is not possible. */
    static int enable(DatagramChannel channel) {
        if (!available()) return -1;
        try {
            int fd = FD_FIELD.getInt(channel);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment one = a.allocate(JAVA_INT);
                one.set(JAVA_INT, 0, 1);
                int rc = (int) SETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_TIMESTAMPNS, one, 4);
                return rc == 0 ? fd : -1;
            }
        } catch (Throwable e) {
            return -1;
        }
    }

    /**
     * Reads one datagram from {@code fd} without blocking into {@code buf}; its length, 0 when none was queued, -1 on
     * an error. {@link #arrivalNanos} then holds when it reached the socket, on the {@link System#nanoTime} clock.
     */
    int read(int fd, byte[] buf) {
        msg.set(JAVA_LONG, 40, CONTROL_SIZE); // msg_controllen: the kernel shortens it to what it wrote
        long n;
        try {
            n = (long) RECVMSG.invokeExact(fd, msg, MSG_DONTWAIT);
        } catch (Throwable e) {
            return -1;
        }
        if (n < 0) return 0; // EAGAIN (another thread's select woke us for nothing) or an ICMP error: nothing to read
        int len = (int) Math.min(n, Math.min(capacity, buf.length));
        MemorySegment.copy(data, JAVA_BYTE, 0, buf, 0, len);
        arrival = arrivalFromControl();
        return len;
    }

    /** When the datagram {@link #read} returned reached its socket (nanoTime clock), or 0 without a stamp. */
    long arrivalNanos() {
        return arrival;
    }

    private long arrivalFromControl() {
        long controlLen = msg.get(JAVA_LONG, 40);
        long off = 0;
        while (off + 16 <= controlLen) {
            long cmsgLen = control.get(JAVA_LONG, off);
            int level = control.get(JAVA_INT, off + 8);
            int type = control.get(JAVA_INT, off + 12);
            if (cmsgLen < 16) break;
            if (level == SOL_SOCKET && type == SO_TIMESTAMPNS && cmsgLen >= 32) {
                long sec = control.get(JAVA_LONG, off + 16);
                long nsec = control.get(JAVA_LONG, off + 24);
                return sec * 1_000_000_000L + nsec - realtimeMinusNano();
            }
            off += (cmsgLen + 7) & ~7L;
        }
        return 0;
    }

    /**
     * The offset from {@link System#nanoTime} (CLOCK_MONOTONIC) to CLOCK_REALTIME, the clock of the stamps; measured
     * again every 100 ms, since NTP may slew the real-time clock.
     */
    private long realtimeMinusNano() {
        long now = System.nanoTime();
        if (calibrated && now - calibratedAt < 100_000_000L) return realtimeMinusNano;
        long best = Long.MAX_VALUE, offset = 0;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            long real = realtimeNanos();
            long t1 = System.nanoTime();
            if (t1 - t0 < best) {
                best = t1 - t0;
                offset = real - (t0 + (t1 - t0) / 2);
            }
        }
        realtimeMinusNano = offset;
        calibratedAt = now;
        calibrated = true;
        return offset;
    }

    private long realtimeNanos() {
        try {
            int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_REALTIME, timespec);
            if (rc != 0) throw new IllegalStateException("clock_gettime failed");
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return timespec.get(JAVA_LONG, 0) * 1_000_000_000L + timespec.get(JAVA_LONG, 8);
    }
}
