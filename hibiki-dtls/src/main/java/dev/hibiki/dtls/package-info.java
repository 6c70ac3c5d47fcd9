/**
 * DTLS-SRTP for WebRTC (RFC 5763, RFC 5764) on bctls: a self-signed ECDSA identity and its SDP
 * fingerprint ({@link dev.hibiki.dtls.DtlsCertificate}, {@link dev.hibiki.dtls.DtlsFingerprint}), and a
 * per-connection {@link dev.hibiki.dtls.DtlsTransport} that runs the DTLS 1.2 handshake in either role over
 * datagrams supplied by the ICE layer and yields {@link dev.hibiki.srtp.SrtpKeys}.
 */
package dev.hibiki.dtls;
