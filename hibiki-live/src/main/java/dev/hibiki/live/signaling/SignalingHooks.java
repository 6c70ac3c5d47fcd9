package dev.hibiki.live.signaling;

import dev.hibiki.platform.usage.UsageService;
import dev.hibiki.live.webhook.AuthWebhook;
import dev.hibiki.platform.webhook.EventWebhookSender;

/**
 * What signaling reports to and asks of the outside world: the channel's auth webhook, its event webhook, and the
 * usage ledger (null: usage is not recorded, as in some tests).
 *
 * @param nodeName this server's name in webhooks ({@code node_name})
 */
public record SignalingHooks(AuthWebhook auth, EventWebhookSender events, UsageService usage, String nodeName) {
}
