package dev.hibiki.live.imageflux;

import dev.hibiki.live.hls.EncryptKeyStore;
import dev.hibiki.platform.http.ApiCall;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.JsonFields;
import dev.hibiki.platform.http.SoraTargetDispatcher;

import java.util.Map;

/**
 * {@code ImageFlux_20200707.GetEncryptKey}: the AES-128 key of an encrypted HLS output, for the customer's key
 * server (players fetch {@code <encrypt_key_uri>?kid=<kid>} there, it asks Hibiki and returns the 16 raw bytes).
 */
public final class ImageFluxEncryptKeyApi {

    public static final String GET_ENCRYPT_KEY = "ImageFlux_20200707.GetEncryptKey";
    private static final int MAX_KID_LENGTH = 64;

    private final EncryptKeyStore keys;

    public ImageFluxEncryptKeyApi(EncryptKeyStore keys) {
        this.keys = keys;
    }

    public void registerWith(SoraTargetDispatcher dispatcher) {
        dispatcher.register(GET_ENCRYPT_KEY, this::getEncryptKey);
    }

    private Object getEncryptKey(ApiCall call) {
        String kid = JsonFields.requiredText(call.body(), "", "kid", MAX_KID_LENGTH);
        String key = keys.hexKey(call.tokenId(), kid).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "no encryption key " + kid + " exists for this access token"));
        return Map.of("encrypt_key", key);
    }
}
