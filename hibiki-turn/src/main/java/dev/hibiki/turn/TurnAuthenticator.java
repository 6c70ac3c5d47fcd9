package dev.hibiki.turn;

import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunErrorCode;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.turn.auth.TurnCredentialVerifier;
import dev.hibiki.turn.auth.TurnNonces;
import dev.hibiki.turn.proto.TurnErrorCode;
import java.net.InetAddress;

/**
 * The long-term credential check of a TURN request (RFC 8489 section 9.2.4): no MESSAGE-INTEGRITY earns the 401
 * challenge with REALM and NONCE; missing USERNAME, REALM or NONCE is a 400; a nonce this server did not give this
 * client, or an old one, a 438 with a fresh one; an expired or malformed username, or a MESSAGE-INTEGRITY that the
 * password derived from the secret does not produce, a 401 that counts as an authentication failure.
 */
final class TurnAuthenticator {
    /** The username and key of an authenticated request, or the error to answer with. */
    record Outcome(String username, byte[] key, int errorCode) {
        static Outcome refused(int errorCode) {
            return new Outcome(null, null, errorCode);
        }

        boolean authenticated() {
            return errorCode == 0;
        }

        /** Whether the error response carries REALM and NONCE so that the client can retry. */
        boolean challenges() {
            return errorCode == StunErrorCode.UNAUTHORIZED || errorCode == TurnErrorCode.STALE_NONCE;
        }
    }

    private final TurnCredentialVerifier verifier;
    private final TurnNonces nonces;
    private final TurnStats stats;

    TurnAuthenticator(TurnCredentialVerifier verifier, TurnNonces nonces, TurnStats stats) {
        this.verifier = verifier;
        this.nonces = nonces;
        this.stats = stats;
    }

    Outcome authenticate(StunMessage request, InetAddress client) {
        if (!request.hasMessageIntegrity()) {
            return Outcome.refused(StunErrorCode.UNAUTHORIZED);
        }
        String username = request.username();
        String nonce = request.stringAttribute(StunAttribute.NONCE);
        if (username == null || nonce == null || request.findAttribute(StunAttribute.REALM) < 0) {
            return Outcome.refused(StunErrorCode.BAD_REQUEST);
        }
        if (!nonces.isValid(nonce, client)) {
            return Outcome.refused(TurnErrorCode.STALE_NONCE);
        }
        TurnCredentialVerifier.Verdict verdict = verifier.verify(username);
        if (!verdict.accepted() || !request.checkMessageIntegrity(verdict.key())) {
            stats.authFailure();
            return Outcome.refused(StunErrorCode.UNAUTHORIZED);
        }
        return new Outcome(username, verdict.key(), 0);
    }

    String nonceFor(InetAddress client) {
        return nonces.issue(client);
    }
}
