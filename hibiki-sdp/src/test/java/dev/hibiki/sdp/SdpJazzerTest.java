package dev.hibiki.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer, docs/FUZZING.md) of the SDP parser and of reading a browser's answer against
 * Hibiki's own offers. The input is the SDP text as UTF-8. Parsing either succeeds or throws
 * {@link SdpParseException}; what parses is written back to the same model and answers every typed accessor;
 * {@link AnswerSummary#of} against a publisher's and a viewer's offer throws nothing but
 * {@link SdpNegotiationException}. Without {@code JAZZER_FUZZ} only the committed inputs under
 * {@code SdpJazzerTestInputs} run.
 */
class SdpJazzerTest {
    private static final List<SessionDescription> OFFERS =
            List.of(Samples.publisher(CodecCatalog.video()).build(), Samples.viewer().build());

    @FuzzTest(maxDuration = "10m")
    void sessionDescription(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(text);
        } catch (SdpParseException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(parseWritten(sd)).as("the written form parses to the same model").isEqualTo(sd);
        SdpFuzzTest.exercise(sd);
        for (SessionDescription offer : OFFERS) {
            try {
                AnswerSummary summary = AnswerSummary.of(offer, sd);
                summary.fingerprint();
                summary.serverIsDtlsClient();
                for (MediaAnswer m : summary.media()) {
                    m.chosenCodec();
                    m.sendRids();
                    m.streams();
                    m.extensionId(HeaderExtensions.TRANSPORT_CC);
                    m.extensionId(HeaderExtensions.MID);
                    for (int pt : m.payloadTypes()) {
                        m.codec(pt);
                        m.rtxPayloadType(pt);
                    }
                }
            } catch (SdpNegotiationException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    private static SessionDescription parseWritten(SessionDescription sd) {
        try {
            return SessionDescription.parse(sd.toSdp());
        } catch (SdpParseException e) {
            throw new AssertionError("written form did not parse: " + e.getMessage() + "\n" + sd.toSdp(), e);
        }
    }
}
