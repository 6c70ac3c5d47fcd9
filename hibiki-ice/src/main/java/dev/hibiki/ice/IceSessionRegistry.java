package dev.hibiki.ice;

import java.net.InetSocketAddress;

/** How a session keeps its server's lookup tables in step with its validated addresses. */
interface IceSessionRegistry {
    /**
     * Routes non-STUN datagrams from {@code address} to {@code session}. Returns the session that owned the address
     * before (it must then forget it, outside the caller's lock), or null.
     */
    IceLiteSession bindAddress(IceLiteSession session, InetSocketAddress address);

    /** Stops routing {@code address} to {@code session}, unless another session has taken it since. */
    void unbindAddress(IceLiteSession session, InetSocketAddress address);

    /** Forgets the session's ufrag. */
    void unregister(IceLiteSession session);

    IceSessionRegistry NONE = new IceSessionRegistry() {
        @Override
        public IceLiteSession bindAddress(IceLiteSession session, InetSocketAddress address) {
            return null;
        }

        @Override
        public void unbindAddress(IceLiteSession session, InetSocketAddress address) {
        }

        @Override
        public void unregister(IceLiteSession session) {
        }
    };
}
