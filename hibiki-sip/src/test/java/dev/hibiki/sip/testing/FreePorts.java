package dev.hibiki.sip.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports that are free on loopback right now (for UDP and TCP both). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int udpAndTcp() {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException e) {
                // taken for UDP; try another
            }
        }
        throw new IllegalStateException("no free port");
    }
}
