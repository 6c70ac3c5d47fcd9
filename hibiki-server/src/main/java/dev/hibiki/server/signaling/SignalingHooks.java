package dev.hibiki.server.signaling;

import dev.hibiki.server.usage.UsageService;
import dev.hibiki.server.webhook.AuthWebhook;
import dev.hibiki.server.webhook.EventWebhookSender;

/**
 * What signaling reports to and asks of the outside world: the channel's auth webhook, its event webhook, and the
 * usage ledger (null: usage is not recorded, as in some tests).
 *
 * @param nodeName this server's name in webhooks ({@code node_name})
 */
public record SignalingHooks(AuthWebhook auth, EventWebhookSender events, UsageService usage, String nodeName) {
}
