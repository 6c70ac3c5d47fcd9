import java.lang.foreign.*;
import java.lang.invoke.*;
import java.net.*;
import java.nio.*;
import java.nio.channels.*;
import java.lang.management.*;
import static java.lang.foreign.ValueLayout.*;

/**
 * CPU of the sending thread per datagram, one sender to N loopback sockets (drained by another thread) at a given
 * rate: DatagramSocket.send (what the SFU's send workers use), sendto(2) through the FFM API, or sendmmsg(2) in
 * batches of up to 64. It asks whether batching system calls would cut the SFU's send cost (no: about 1%, see
 * docs/BENCHMARKS.md).
 * Run (JDK 22+): java --enable-native-access=ALL-UNNAMED bench/sendto/SendmmsgCost.java 1500 java|sendto|mmsg 8 216000
 */
public class SendmmsgCost {
    static final Linker L = Linker.nativeLinker();
    static final SymbolLookup C = L.defaultLookup();
    static MethodHandle h(String n, FunctionDescriptor d) { return L.downcallHandle(C.find(n).orElseThrow(), d); }
    static final MethodHandle SOCKET = h("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle SENDTO = h("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle SENDMMSG = h("sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    public static void main(String[] a) throws Throwable {
        int n = Integer.parseInt(a[0]); String mode = a[1]; int secs = Integer.parseInt(a[2]); int rate = Integer.parseInt(a[3]);
        DatagramChannel[] sinks = new DatagramChannel[n];
        Selector sel = Selector.open();
        InetSocketAddress[] to = new InetSocketAddress[n];
        for (int i = 0; i < n; i++) { sinks[i] = DatagramChannel.open(StandardProtocolFamily.INET); sinks[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); sinks[i].configureBlocking(false); sinks[i].register(sel, SelectionKey.OP_READ); to[i] = (InetSocketAddress) sinks[i].getLocalAddress(); }
        Thread drain = Thread.ofPlatform().daemon().start(() -> { ByteBuffer b = ByteBuffer.allocateDirect(2048); try { while (true) { sel.select(k -> { try { while (((DatagramChannel) k.channel()).receive(b.clear()) != null) {} } catch (Exception e) {} }); } } catch (Exception e) {} });
        byte[] payload = new byte[780];
        Arena arena = Arena.ofConfined();
        int B = 64;
        MemorySegment bufs = arena.allocate(780L * B);
        MemorySegment addrs = arena.allocate(16L * n);
        for (int i = 0; i < n; i++) { MemorySegment s = addrs.asSlice(16L * i, 16); s.set(JAVA_SHORT, 0, (short) 2); s.set(JAVA_BYTE, 2, (byte) (to[i].getPort() >> 8)); s.set(JAVA_BYTE, 3, (byte) to[i].getPort()); s.set(JAVA_BYTE, 4, (byte) 127); s.set(JAVA_BYTE, 7, (byte) 1); }
        MemorySegment iovs = arena.allocate(16L * B);
        MemorySegment msgs = arena.allocate(64L * B);
        int fd = (int) SOCKET.invokeExact(2, 2, 0);
        DatagramSocket js = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramPacket dp = new DatagramPacket(payload, payload.length);
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime(), end = start + secs * 1_000_000_000L, sent = 0; int target = 0;
        long cpu0 = tm.getCurrentThreadCpuTime();
        while (System.nanoTime() < end) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (sent < due) {
                int batch = (int) Math.min(B, due - sent);
                if (mode.equals("java")) {
                    for (int i = 0; i < batch; i++) { dp.setSocketAddress(to[target]); js.send(dp); target = (target + 1) % n; }
                } else if (mode.equals("sendto")) {
                    for (int i = 0; i < batch; i++) { MemorySegment.copy(payload, 0, bufs, JAVA_BYTE, 0, 780); long r = (long) SENDTO.invokeExact(fd, bufs, 780L, 0, addrs.asSlice(16L * target, 16), 16); target = (target + 1) % n; }
                } else {
                    for (int i = 0; i < batch; i++) {
                        MemorySegment.copy(payload, 0, bufs, JAVA_BYTE, 780L * i, 780);
                        iovs.set(ADDRESS, 16L * i, bufs.asSlice(780L * i)); iovs.set(JAVA_LONG, 16L * i + 8, 780);
                        long m = 64L * i;
                        msgs.set(ADDRESS, m, addrs.asSlice(16L * target)); msgs.set(JAVA_INT, m + 8, 16);
                        msgs.set(ADDRESS, m + 16, iovs.asSlice(16L * i)); msgs.set(JAVA_LONG, m + 24, 1);
                        msgs.set(ADDRESS, m + 32, MemorySegment.NULL); msgs.set(JAVA_LONG, m + 40, 0); msgs.set(JAVA_INT, m + 48, 0);
                        target = (target + 1) % n;
                    }
                    int r = (int) SENDMMSG.invokeExact(fd, msgs, batch, 0);
                    if (r != batch) throw new IllegalStateException("sendmmsg " + r);
                }
                sent += batch;
            }
            Thread.sleep(0, 200_000);
        }
        long cpu = tm.getCurrentThreadCpuTime() - cpu0;
        System.out.printf("%s n=%d: %.0f pkt/s, sender thread %.2f us CPU/pkt%n", mode, n, sent / (double) secs, cpu / 1e3 / sent);
    }
}
