package dev.hibiki.soramode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.json.JsonMappers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks a connect's {@code metadata.access_token} against the operator's secret key: the key itself, or a compact
 * HS256 JWT (RFC 7519) signed with it whose {@code exp} has not passed, whose {@code nbf} has, and whose
 * {@code channel_id}, if present, is the channel asked for. The JWT's other claims are its payouts, as an auth
 * webhook's answer would give them ({@code metadata}, {@code client_id}, ...).
 */
final class AccessTokenCheck {

    /** Claims about the token itself, not payouts for the connection. */
    private static final Set<String> REGISTERED = Set.of("exp", "nbf", "iat", "iss", "sub", "aud", "jti", "channel_id");
    /** Far more than any real token; bounds the work a stranger can cause. */
    private static final int MAX_TOKEN_LENGTH = 8192;
    /** Tokens are checked on signaling's virtual threads: a mapper whose buffers are not per thread. */
    private static final ObjectMapper JSON = JsonMappers.sharedBufferMapper();

    /** Why a token was refused, for the 4490 reason the client sees. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final byte[] secret;
    private final Clock clock;

    AccessTokenCheck(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** @return the payouts (an empty object for the plain key) */
    ObjectNode check(String token, String channelId) throws Refused {
        if (token == null || token.isEmpty()) throw new Refused("metadata.access_token is required");
        if (token.length() > MAX_TOKEN_LENGTH) throw new Refused("metadata.access_token is too long");
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(given, secret)) return JsonNodeFactory.instance.objectNode();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) throw new Refused("metadata.access_token is neither the key nor a JWT");
        JsonNode header = decode(parts[0], "header");
        if (!"HS256".equals(header.path("alg").asText())) throw new Refused("the JWT must be signed with HS256");
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new Refused("the JWT's signature is not base64url");
        }
        if (!MessageDigest.isEqual(signature, hmac(parts[0] + "." + parts[1]))) {
            throw new Refused("the JWT's signature does not match the secret key");
        }
        JsonNode claims = decode(parts[1], "payload");
        if (!claims.isObject()) throw new Refused("the JWT's payload must be a JSON object");
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp != null && (!exp.isNumber() || exp.asLong() <= now)) throw new Refused("the JWT expired");
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && (!nbf.isNumber() || nbf.asLong() > now)) throw new Refused("the JWT is not valid yet");
        JsonNode channel = claims.get("channel_id");
        if (channel != null && !channel.isNull() && !channelId.equals(channel.asText())) {
            throw new Refused("the JWT is for another channel_id");
        }
        ObjectNode payouts = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = claims.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> claim = it.next();
            if (!REGISTERED.contains(claim.getKey())) payouts.set(claim.getKey(), claim.getValue());
        }
        return payouts;
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static JsonNode decode(String part, String what) throws Refused {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new Refused("the JWT's " + what + " is not base64url JSON");
        }
    }
}
