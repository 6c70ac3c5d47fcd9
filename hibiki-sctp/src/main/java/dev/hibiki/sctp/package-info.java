/**
 * SCTP over DTLS (RFC 8261) as WebRTC data channels use it (RFC 8831), with the Data Channel Establishment Protocol
 * (RFC 8832), in Java: one {@link dev.hibiki.sctp.SctpAssociation} per DTLS connection, fed each DTLS application
 * data record and sending its packets through an {@link dev.hibiki.sctp.SctpPacketSender}; the peers it is made
 * for are Chrome's dcsctp and Firefox's usrsctp.
 *
 * <p>Implemented, of RFC 9260 and its extensions:
 * <ul>
 *   <li>the common header with CRC32c, chunk parsing with every length checked (what does not parse is dropped and
 *       counted, never thrown), verification tags, unknown chunks and INIT parameters handled by their type bits;</li>
 *   <li>INIT / INIT-ACK / COOKIE-ECHO / COOKIE-ACK with a stateless, HMAC-SHA256-signed cookie valid for 60 s, T1
 *       retransmission, crossing INITs (section 5.2.1) and a repeated COOKIE-ECHO; Forward-TSN-Supported and Supported
 *       Extensions (RE-CONFIG, FORWARD-TSN) advertised;</li>
 *   <li>DATA: fragmentation to 1160-byte packets (one DTLS record in a 1200-byte datagram), ordered and unordered delivery, reassembly, a receive window;
 *       SACK with gap ack blocks and duplicate TSNs, sent for every second packet, on gaps at once, else after
 *       200 ms;</li>
 *   <li>sending: channels taking turns between messages, bundling, slow start and congestion avoidance over the peer's window, T3-rtx with RTO estimation
 *       (bounded to 200 ms..10 s, as WebRTC stacks do), fast retransmit after three miss reports, ABORT after ten
 *       timeouts in a row;</li>
 *   <li>PR-SCTP (RFC 3758): messages abandoned after {@code maxRetransmits} or {@code maxPacketLifeTimeMs},
 *       FORWARD-TSN sent and received;</li>
 *   <li>RE-CONFIG (RFC 6525): Outgoing SSN Reset Requests to close a channel, the peer's answered (deferred until
 *       its last TSN arrived) and followed by our own reset, so that both directions close (RFC 8831 section 6.7);
 *       other request types are denied;</li>
 *   <li>DCEP: DATA_CHANNEL_OPEN with every channel type, priority, label and protocol, DATA_CHANNEL_ACK; messages by
 *       PPID 51, 53, 56 and 57 (52 and 54 read as 51 and 53); negotiated channels without DCEP;</li>
 *   <li>HEARTBEAT answered, ERROR logged, ABORT sent and received, SHUTDOWN / SHUTDOWN-ACK / SHUTDOWN-COMPLETE.</li>
 * </ul>
 *
 * <p>Not implemented: I-DATA and message interleaving (RFC 8260; channels take turns a whole message at a time, so
 * a large message holds the others back until its last fragment is sent), sending HEARTBEATs (ICE consent and DTLS notice a dead path; data in flight ends the association after
 * ten timeouts), association restart, the zero-checksum extension, stream scheduling by priority, adding streams,
 * AUTH and ASCONF, multi-homing (there is one path: DTLS's).
 */
package dev.hibiki.sctp;
