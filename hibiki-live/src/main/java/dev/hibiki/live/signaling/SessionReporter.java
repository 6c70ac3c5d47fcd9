package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.platform.usage.ConnectionUsage;
import dev.hibiki.sfu.ConnectionStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * What the rest of the world learns about one session: Sora's notify messages to the members of its channel, the
 * channel's event webhooks ({@code connection.created/updated/destroyed/failed}) and the usage record it leaves.
 */
final class SessionReporter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionReporter.class);

    private final SignalingContext context;
    private final SignalingSession session;
    /** Minutes of connection time already announced by connection.updated; touched by the ping ticker only. */
    private long minutesNotified;

    SessionReporter(SignalingContext context, SignalingSession session) {
        this.context = context;
        this.session = session;
    }

    /** Media is up: {@code connection.created} to itself (with the others) and to the others, and the event. */
    void created(ConnectionStats.Snapshot stats) {
        String channelId = session.channelId();
        List<SignalingSession> others = context.liveChannels().others(channelId, session);
        List<SignalingSession> connectedOthers = others.stream().filter(SignalingSession::connected).toList();
        LiveChannels.Counts counts = context.liveChannels().counts(channelId);
        session.notifyMessage(SignalingSession.json(NotifyMessages.created(session, counts, connectedOthers)));
        // Serialised once: with N viewers every join, leave and minute fans one notify out to N members.
        String toOthers = SignalingSession.json(NotifyMessages.created(session, counts, null));
        for (SignalingSession other : connectedOthers) other.notifyMessage(toOthers);
        event(WebhookBodies.connectionEvent("connection.created", session.subject(), 0, counts, stats, null));
    }

    /** Sora's {@code connection.updated}: once a minute of connection time, to every connected member. */
    void minuteElapsed(ConnectionStats.Snapshot stats) {
        long minutes = session.minutesConnected();
        if (minutes <= minutesNotified) return;
        minutesNotified = minutes;
        String channelId = session.channelId();
        LiveChannels.Counts counts = context.liveChannels().counts(channelId);
        String n = SignalingSession.json(NotifyMessages.updated(session, counts));
        for (SignalingSession member : context.liveChannels().all(channelId)) {
            if (member.connected()) member.notifyMessage(n);
        }
        event(WebhookBodies.connectionEvent("connection.updated", session.subject(), minutes, counts, stats, null));
    }

    /**
     * The session left its channel (already removed from the channel's list).
     *
     * @param wasConnected its media had come up: {@code connection.destroyed} and a usage record
     * @param failed       it was offered but media never came up: {@code connection.failed}
     * @param stats        its media's counters, or null when it never joined the SFU
     */
    void left(boolean wasConnected, boolean failed, ConnectionStats.Snapshot stats, WebhookBodies.Ending ending) {
        String channelId = session.channelId();
        if (wasConnected) {
            LiveChannels.Counts counts = context.liveChannels().counts(channelId);
            String n = SignalingSession.json(NotifyMessages.destroyed(session, counts));
            for (SignalingSession other : context.liveChannels().all(channelId)) {
                if (other.connected()) other.notifyMessage(n);
            }
            event(WebhookBodies.connectionEvent("connection.destroyed", session.subject(), session.minutesConnected(),
                    counts, stats, ending));
            recordUsage(stats);
        } else if (failed) {
            event(WebhookBodies.connectionFailed(session.subject(), ending == null ? "closed" : ending.reason(),
                    context.liveChannels().counts(channelId), stats));
        }
    }

    private void event(ObjectNode event) {
        Channel c = session.channel();
        String url = c == null ? null : c.spec().eventWebhookUrl();
        if (url == null || url.isEmpty()) return;
        try {
            context.hooks().events().send(URI.create(url), event);
        } catch (RuntimeException e) {
            LOG.warn("could not queue the {} event of connection {}", event.path("type").asText(),
                    session.connectionId(), e);
        }
    }

    private void recordUsage(ConnectionStats.Snapshot stats) {
        Channel c = session.channel();
        Instant connectedAt = session.connectedAt();
        if (c == null || context.hooks().usage() == null || connectedAt == null) return;
        context.hooks().usage().recordConnection(new ConnectionUsage(session.connectionId(), c.id(), c.ownerTokenId(),
                session.role().wire(), connectedAt, Instant.now(),
                stats == null ? 0 : stats.bytesReceived(), stats == null ? 0 : stats.bytesSent()));
    }
}
