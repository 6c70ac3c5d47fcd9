package dev.hibiki.ice;

import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunErrorCode;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import javax.crypto.Mac;

/**
 * Verifies Binding requests against the local password and writes the answers, reusing one buffer and one keyed HMAC.
 * Not thread-safe: its session uses it under the session lock.
 */
final class BindingResponder {
    private static final int CAPACITY = 256;
    private static final int MAX_LISTED_UNKNOWN = 8;

    private final StunMessageWriter writer = new StunMessageWriter(CAPACITY);
    private final Mac integrity;
    private final int[] unknownTypes = new int[MAX_LISTED_UNKNOWN];

    BindingResponder(String localPassword) {
        this.integrity = StunCredentials.hmacSha1(StunCredentials.shortTermKey(localPassword));
    }

    boolean isAuthentic(StunMessage request) {
        return request.checkMessageIntegrity(integrity);
    }

    /** Success with the request's source as XOR-MAPPED-ADDRESS (RFC 8445 section 7.3.1.2), signed and fingerprinted. */
    StunMessageWriter success(StunMessage request, InetSocketAddress source) {
        return writer.beginResponse(StunMessageType.BINDING_SUCCESS_RESPONSE, request)
                .addXorMappedAddress(source)
                .addMessageIntegrity(integrity)
                .addFingerprint();
    }

    /**
     * An error response. Answers to requests that failed authentication carry no MESSAGE-INTEGRITY
     * (RFC 8489 section 9.1.3); the others are signed so the browser can trust them.
     */
    StunMessageWriter error(StunMessage request, int code, boolean signed) {
        writer.beginResponse(StunMessageType.BINDING_ERROR_RESPONSE, request)
                .addErrorCode(code, StunErrorCode.reasonPhrase(code));
        if (code == StunErrorCode.UNKNOWN_ATTRIBUTE) {
            int count = Math.min(request.unknownComprehensionRequiredCount(), MAX_LISTED_UNKNOWN);
            for (int i = 0; i < count; i++) {
                unknownTypes[i] = request.unknownComprehensionRequired(i);
            }
            writer.addUnknownAttributes(unknownTypes, count);
        }
        if (signed) {
            writer.addMessageIntegrity(integrity);
        }
        return writer.addFingerprint();
    }
}
