package dev.hibiki.sctp;

/**
 * The DTLS role of this end of the association. It decides which stream ids the data channels this end opens take
 * (RFC 8832 section 6: the DTLS client uses even ids, the DTLS server odd ones) and whether {@link
 * SctpAssociation#start()} sends an INIT: the client does; the server waits for one. Either role answers an INIT,
 * since browsers (Chrome's dcsctp) send INIT whatever their DTLS role, and both INITs crossing is handled as RFC 9260
 * section 5.2.1 describes.
 */
public enum SctpRole {
    /** The DTLS client: sends INIT on start, opens channels on even stream ids. */
    CLIENT,
    /** The DTLS server: waits for INIT, opens channels on odd stream ids. */
    SERVER;

    int firstStreamId() {
        return this == CLIENT ? 0 : 1;
    }
}
