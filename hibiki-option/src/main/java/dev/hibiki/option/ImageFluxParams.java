package dev.hibiki.option;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.HlsRendition;
import dev.hibiki.live.imageflux.ChannelRequestParser;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.JsonBodyReader;

import java.util.List;

/**
 * A schedule's {@code imageflux_params}: the {@code hls} array of ImageFlux's CreateChannel, validated by the very
 * parser CreateChannel uses, and kept as JSON text until the schedule's channel is created from it.
 */
final class ImageFluxParams {

    static final String FIELD = "imageflux_params";

    private ImageFluxParams() {
    }

    /** The request's ladder as JSON text to store, after validating it. */
    static String validated(ObjectNode request) {
        List<HlsRendition> ladder = ChannelRequestParser.parseHlsLadder(request, FIELD);
        for (int i = 0; i < ladder.size(); i++) {
            if (ladder.get(i).archiveDestinationId() != null) {
                // The system's channels are owned by a token that has no archive destinations.
                throw ApiException.invalid(FIELD + "[" + i + "].archive is not available for schedules; leave it out");
            }
        }
        try {
            return JsonBodyReader.mapper().writeValueAsString(request.get(FIELD));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON array did not serialise", e);
        }
    }

    /** The renditions of a stored ladder. */
    static List<HlsRendition> ladder(String stored) {
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        wrapper.set(FIELD, json(stored));
        return ChannelRequestParser.parseHlsLadder(wrapper, FIELD);
    }

    static JsonNode json(String stored) {
        try {
            return JsonBodyReader.mapper().readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored imageflux_params is not JSON", e);
        }
    }
}
