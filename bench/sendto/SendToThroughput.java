import java.net.*;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;

/**
 * sendto throughput of T threads: on one shared DatagramSocket (as the SFU's send workers do), or each on its own
 * socket bound to the same port with SO_REUSEPORT. Loopback, 1,000-byte datagrams, a draining sink in-process.
 * Run: java bench/sendto/SendToThroughput.java THREADS shared|own SECONDS   (results in docs/BENCHMARKS.md)
 */
public class SendToThroughput {
    public static void main(String[] a) throws Exception {
        int threads = Integer.parseInt(a[0]);
        boolean own = a[1].equals("own");
        int seconds = Integer.parseInt(a[2]);
        DatagramSocket sink = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        sink.setReceiveBufferSize(4 << 20);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.getLocalPort());
        Thread drain = Thread.ofPlatform().daemon().start(() -> {
            byte[] b = new byte[2048]; DatagramPacket p = new DatagramPacket(b, b.length);
            try { while (true) { sink.receive(p); } } catch (Exception e) { }
        });
        DatagramSocket[] socks = new DatagramSocket[threads];
        DatagramSocket first = null;
        for (int i = 0; i < threads; i++) {
            if (i == 0 || own) {
                DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                ch.bind(first == null ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0) : first.getLocalSocketAddress());
                socks[i] = ch.socket();
                if (first == null) first = socks[i];
            } else socks[i] = first;
        }
        LongAdder sent = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            DatagramSocket s = socks[i];
            ts[i] = Thread.ofPlatform().start(() -> {
                byte[] b = new byte[1000]; DatagramPacket p = new DatagramPacket(b, b.length, to);
                long n = 0;
                try { while (System.nanoTime() < end) { s.send(p); n++; } } catch (Exception e) { throw new RuntimeException(e); }
                sent.add(n);
            });
        }
        long cpu0 = cpu();
        for (Thread t : ts) t.join();
        long cpu1 = cpu();
        System.out.printf("threads=%d %s: %.0f pkt/s, process CPU %.2f cores, %.2f us CPU/pkt%n", threads, own ? "own sockets" : "one socket",
                sent.sum() / (double) seconds, (cpu1 - cpu0) / 1e9 / seconds, (cpu1 - cpu0) / 1e3 / sent.sum());
    }
    static long cpu() { return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); }
}
