/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) in place over byte arrays, on jitsi-srtp:
 * {@link dev.hibiki.srtp.SrtpTransformer} protects and unprotects for one connection given its
 * {@link dev.hibiki.srtp.SrtpKeys}.
 */
package dev.hibiki.srtp;
