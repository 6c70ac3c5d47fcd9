package dev.hibiki.ice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.DatagramSocket;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The faster send path of the media port (and of the embedded TURN server's UDP port, whose datagrams to relayed
 * viewers the SFU's send workers send): the first {@link DatagramSendAccelerator} on the class path that loads (unless
 * {@link UdpIceServer#ACCELERATOR_PROPERTY} is false), or none, and then the JDK sends.
 */
public final class SendAcceleration {

    private static final Logger log = LoggerFactory.getLogger(UdpIceServer.class);

    private final DatagramSendAccelerator accelerator;
    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    private SendAcceleration(DatagramSendAccelerator accelerator) {
        this.accelerator = accelerator;
    }

    static SendAcceleration load() {
        return load("media");
    }

    /** @param sends whose sends, for the log line: "media", "TURN" */
    public static SendAcceleration load(String sends) {
        if (!Boolean.parseBoolean(System.getProperty(UdpIceServer.ACCELERATOR_PROPERTY, "true"))) {
            log.info("{} sends use the JDK's DatagramSocket (-D{}=false)", sends, UdpIceServer.ACCELERATOR_PROPERTY);
            return new SendAcceleration(null);
        }
        try {
            for (DatagramSendAccelerator a : ServiceLoader.load(DatagramSendAccelerator.class)) {
                log.info("{} sends use {}", sends, a.name());
                return new SendAcceleration(a);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            // e.g. hibiki-ice-ffm (class files for JDK 22) on a JDK 21 runtime
            log.info("{} sends use the JDK's DatagramSocket: the send accelerator does not load here ({})", sends,
                    e.toString());
        }
        return new SendAcceleration(null);
    }

    /**
     * The accelerator's sender for the socket (a {@link DatagramSocket} or a {@code DatagramChannel}'s own), for one
     * thread, or null: then the JDK sends.
     */
    public DatagramSendAccelerator.Sender open(DatagramSocket socket) {
        DatagramSendAccelerator a = accelerator;
        if (a == null) return null;
        try {
            return a.open(socket);
        } catch (Exception | LinkageError e) {
            // Once per server at INFO (e.g. the JVM lacks the --add-opens bin/hibiki passes), then quietly.
            if (refusalLogged.compareAndSet(false, true)) {
                log.info("media sends use the JDK's DatagramSocket: {} cannot serve the socket ({})", a.name(), e.toString());
            } else {
                log.debug("{} cannot serve the socket", a.name(), e);
            }
            return null;
        }
    }

    /** The accelerator's name, or {@code "DatagramSocket"}. */
    public String name() {
        return accelerator == null ? "DatagramSocket" : accelerator.name();
    }
}
