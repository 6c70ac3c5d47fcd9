package dev.hibiki.ice;

import java.net.InetSocketAddress;

/**
 * Events of one {@link IceLiteSession}. Callbacks run on the ICE receive or timer thread, or on the thread calling
 * {@code close()}, while the session's lock is held: keep them short and non-blocking (hand work to your own
 * executor). They may call back into the session. An exception thrown here is logged and swallowed.
 */
public interface IceSessionListener {
    void onStateChanged(IceLiteSession session, IceState state);

    /**
     * The path media is sent to changed: {@code nominated} is true once the browser's USE-CANDIDATE picked it, false
     * for the provisional first-checked path. {@code address} is null when the path was lost.
     */
    default void onSelectedAddressChanged(IceLiteSession session, InetSocketAddress address, boolean nominated) {
    }
}
