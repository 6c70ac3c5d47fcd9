package dev.hibiki.ice.ffm;

import dev.hibiki.ice.DatagramDestination;
import dev.hibiki.ice.DatagramSendAccelerator;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code sendto(2)} through the FFM API on the JDK socket's own file descriptor (Linux). Saves the JDK's send path
 * around the system call: at 1,500 subscribers ~0.2 µs of the ~3.6 µs of server CPU per forwarded packet, about 5%
 * ({@code bench/fanout.sh}, two A/B pairs against {@code -Dhibiki.media.sendAccelerator=false}; docs/BENCHMARKS.md).
 *
 * <p>The descriptor is the JDK's private field, so the JVM must run with {@code --add-opens java.base/java.net}
 * and {@code --add-opens java.base/sun.nio.ch} (bin/hibiki passes both); without them {@link #open} fails and the
 * server sends through the JDK. The socket stays owned by the JDK (which closes it); sending with the system call
 * directly also skips the JDK's per-socket write lock, which the kernel does not need for UDP.
 */
public final class FfmSendAccelerator implements DatagramSendAccelerator {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCKADDR_IN6_SIZE = 28;
    private static final int MSG_DONTWAIT = 0x40;
    /** Largest datagram sent from the native buffer; bigger ones (none from an SFU) go through the JDK. */
    static final int MAX_DATAGRAM = 2048;

    private static final MethodHandle SENDTO;

    static {
        Linker linker = Linker.nativeLinker();
        SENDTO = linker.downcallHandle(
                linker.defaultLookup().find("sendto").orElseThrow(() -> new UnsupportedOperationException("no sendto")),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }

    @Override
    public String name() {
        return "sendto via FFM";
    }

    @Override
    public Sender open(DatagramSocket socket) throws ReflectiveOperationException {
        if (!System.getProperty("os.name", "").startsWith("Linux") || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the sockaddr layout here is Linux's on a little-endian CPU");
        }
        if (socket.isClosed() || !socket.isBound()) throw new IllegalStateException("the socket is not bound and open");
        return new SocketSender(descriptorOf(socket));
    }

    /**
     * DatagramSocket → its DatagramSocketAdaptor ({@code delegate}) → DatagramChannelImpl ({@code dc}) → {@code fdVal};
     * a DatagramChannel's own socket (an adaptor) names its channel itself.
     */
    static int descriptorOf(DatagramSocket socket) throws ReflectiveOperationException {
        Object channel = socket.getChannel();
        if (channel == null) {
            Object adaptor = field(DatagramSocket.class, "delegate").get(socket);
            channel = field(adaptor.getClass(), "dc").get(adaptor);
        }
        int fd = field(channel.getClass(), "fdVal").getInt(channel);
        if (fd < 0) throw new IllegalStateException("the socket has no descriptor");
        return fd;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true); // InaccessibleObjectException without --add-opens
        return f;
    }

    /** One thread's sender on one socket: the datagram and its destination are written into native buffers. */
    static final class SocketSender implements Sender {
        private final int fd;
        private final MemorySegment data;
        private final MemorySegment address;
        private DatagramDestination lastRemote;
        private int lastAddressLength;

        SocketSender(int fd) {
            this.fd = fd;
            Arena arena = Arena.ofAuto();
            this.data = arena.allocate(MAX_DATAGRAM, 16);
            this.address = arena.allocate(SOCKADDR_IN6_SIZE, 8);
        }

        @Override
        public boolean send(byte[] buf, int off, int len, DatagramDestination remote) {
            if (len > MAX_DATAGRAM) return false;
            int addressLength = remote == lastRemote ? lastAddressLength : writeAddress(remote);
            if (addressLength == 0) return false;
            MemorySegment.copy(buf, off, data, JAVA_BYTE, 0, len);
            long sent;
            try {
                // MSG_DONTWAIT: a full send buffer is reported (and the JDK path retried) instead of blocking a worker
                sent = (long) SENDTO.invokeExact(fd, data, (long) len, MSG_DONTWAIT, address, addressLength);
            } catch (Throwable e) {
                return false;
            }
            return sent == len;
        }

        /** Writes {@code remote} as a sockaddr_in or sockaddr_in6 (port and address in network order); its length, or 0. */
        private int writeAddress(DatagramDestination remote) {
            if (!remote.isResolved()) return 0;
            short port = Short.reverseBytes((short) remote.port());
            int length;
            if (remote.isIpv6()) {
                address.set(JAVA_SHORT, 0, (short) AF_INET6);
                address.set(JAVA_SHORT, 2, port);
                address.set(JAVA_INT, 4, 0); // flow info
                address.set(JAVA_LONG, 8, Long.reverseBytes(remote.ipv6High()));
                address.set(JAVA_LONG, 16, Long.reverseBytes(remote.ipv6Low()));
                address.set(JAVA_INT, 24, remote.scopeId());
                length = SOCKADDR_IN6_SIZE;
            } else {
                address.set(JAVA_SHORT, 0, (short) AF_INET);
                address.set(JAVA_SHORT, 2, port);
                address.set(JAVA_INT, 4, Integer.reverseBytes(remote.ipv4()));
                address.set(JAVA_LONG, 8, 0L);
                length = 16;
            }
            lastRemote = remote;
            lastAddressLength = length;
            return length;
        }
    }
}
