package dev.hibiki.live.webhook;

import dev.hibiki.platform.webhook.EventWebhookSender;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/**
 * ImageFlux's {@code notify.playlist_url} event (the ImageFlux Live Streaming API documentation): sent to the
 * channel's event webhook when a sender's HLS playlist first exists, so a multistream application learns each
 * sender's playlist URL.
 */
public final class PlaylistUrlEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PlaylistUrlEvents.class);
    private final ChannelService channels;
    private final EventWebhookSender events;

    public PlaylistUrlEvents(ChannelService channels, EventWebhookSender events) {
        this.channels = channels;
        this.events = events;
    }

    /** Returns at once: the channel lookup and the post happen on a virtual thread. */
    public void playlistReady(String channelId, String connectionId, String playlistUrl) {
        Thread.ofVirtual().name("playlist-url-event").start(() -> {
            try {
                Channel channel = channels.findLive(channelId).orElse(null);
                String url = channel == null ? null : channel.spec().eventWebhookUrl();
                if (url == null || url.isEmpty()) return;
                events.send(URI.create(url), body(channelId, connectionId, playlistUrl));
            } catch (RuntimeException e) {
                LOG.warn("could not send notify.playlist_url for channel {}", channelId, e);
            }
        });
    }

    static ObjectNode body(String channelId, String connectionId, String playlistUrl) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("channel_id", channelId);
        e.put("connection_id", connectionId);
        e.put("timestamp", SoraTimestamps.now());
        e.put("type", "notify.playlist_url");
        e.put("playlist_url", playlistUrl);
        return e;
    }
}
