package dev.hibiki.live.signaling;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a connect message's {@code sora_client} says about the SDK that sent it, e.g. "Sora JavaScript SDK 2026.1.0".
 * Sora SDKs learnt {@code re-offer} in their 2021 releases (sora-js-sdk 2021.1.0); until then renegotiation was
 * {@code update}, which they still expect (sora-js-sdk 2020.x and 1.x ignore a {@code re-offer}, and their viewers
 * never see a track added after the first offer).
 */
final class SoraClientName {
    /** First release year whose SDKs understand {@code re-offer}. */
    static final int FIRST_RE_OFFER_YEAR = 2021;

    private static final Pattern SORA_SDK = Pattern.compile("Sora\\b.*\\bSDK\\s+v?(\\d{1,9})(?:\\..*)?",
            Pattern.CASE_INSENSITIVE);

    private SoraClientName() {
    }

    /**
     * True for a Sora SDK released before {@link #FIRST_RE_OFFER_YEAR} (1.x, 2020.x), and for a client that names no
     * SDK at all: SDKs have sent {@code sora_client} since sora-js-sdk 1.16, so a connect without it comes from an
     * older one. A client that names itself otherwise (its own name, or a Sora SDK without a version) gets
     * {@code re-offer}, today's message.
     */
    static boolean expectsUpdate(String soraClient) {
        if (soraClient == null || soraClient.isBlank()) return true;
        Matcher m = SORA_SDK.matcher(soraClient.trim());
        return m.matches() && Integer.parseInt(m.group(1)) < FIRST_RE_OFFER_YEAR;
    }
}
