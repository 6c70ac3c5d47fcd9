package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code data_channel_signaling}, {@code ignore_disconnect_websocket} and {@code data_channels} of a connect. */
final class DataChannelRequestParser {

    static final int MAX_LABEL_LENGTH = 32;
    static final int MAX_LABELS = 16;
    private static final Set<String> DIRECTIONS = Set.of("sendrecv", "sendonly", "recvonly");

    private DataChannelRequestParser() {
    }

    static DataChannelPlan parse(JsonNode msg, DataChannelPlan.Defaults defaults) throws SignalingException {
        boolean signaling = flag(msg, "data_channel_signaling", defaults.signaling());
        boolean ignoreAsked = present(msg, "ignore_disconnect_websocket");
        boolean ignore = flag(msg, "ignore_disconnect_websocket", defaults.ignoreDisconnectWebSocket());
        List<DataChannelPlan.MessagingLabel> labels = labels(msg.get("data_channels"));
        if (ignore && !signaling) {
            if (ignoreAsked) throw invalid("ignore_disconnect_websocket needs data_channel_signaling: true");
            ignore = false; // the server's default applies only where it can
        }
        return new DataChannelPlan(signaling, ignore, labels);
    }

    /** A {@code data_channels} array (of a connect, or of an auth webhook's answer); empty when absent. */
    static List<DataChannelPlan.MessagingLabel> labels(JsonNode list) throws SignalingException {
        List<DataChannelPlan.MessagingLabel> labels = new ArrayList<>();
        if (list == null || list.isNull()) return labels;
        if (!list.isArray()) throw invalid("data_channels must be an array");
        if (list.size() > MAX_LABELS) throw invalid("data_channels may have at most " + MAX_LABELS + " entries");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            DataChannelPlan.MessagingLabel l = entry(list.get(i), "data_channels[" + i + "]");
            if (!seen.add(l.label())) throw invalid("data_channels has the label " + l.label() + " twice");
            labels.add(l);
        }
        return labels;
    }

    private static DataChannelPlan.MessagingLabel entry(JsonNode e, String path) throws SignalingException {
        if (e == null || !e.isObject()) throw invalid(path + " must be an object");
        String label = ConnectRequestParser.text(e, "label");
        if (label == null || !label.startsWith("#") || label.length() < 2 || label.length() > MAX_LABEL_LENGTH) {
            throw invalid(path + ".label must start with # and be 2 to " + MAX_LABEL_LENGTH
                    + " characters (signaling, notify, push and stats are the server's)");
        }
        String direction = ConnectRequestParser.text(e, "direction");
        if (e.has("direction") && (direction == null || !DIRECTIONS.contains(direction))) {
            throw invalid(path + ".direction must be sendrecv, sendonly or recvonly");
        }
        Integer lifeTime = nonNegative(e, "max_packet_life_time", path);
        Integer retransmits = nonNegative(e, "max_retransmits", path);
        if (lifeTime != null && retransmits != null) {
            throw invalid(path + " may have max_packet_life_time or max_retransmits, not both");
        }
        JsonNode protocol = e.get("protocol");
        if (protocol != null && !protocol.isNull() && (!protocol.isTextual() || protocol.textValue().length() > 255)) {
            throw invalid(path + ".protocol must be a string of at most 255 characters");
        }
        boolean header = false;
        JsonNode h = e.get("header");
        if (h != null && !h.isNull()) {
            if (!h.isArray()) throw invalid(path + ".header must be an array");
            for (JsonNode item : h) {
                if (!item.isObject() || !"sender_connection_id".equals(ConnectRequestParser.text(item, "type"))) {
                    throw invalid(path + ".header entries must be {\"type\":\"sender_connection_id\"}");
                }
                header = true;
            }
        }
        return new DataChannelPlan.MessagingLabel(label, direction == null ? "sendrecv" : direction,
                flag(e, "ordered", true), lifeTime, retransmits,
                protocol == null || protocol.isNull() ? "" : protocol.textValue(), flag(e, "compress", false), header);
    }

    private static boolean present(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        return n != null && !n.isNull();
    }

    private static boolean flag(JsonNode parent, String key, boolean absent) throws SignalingException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return absent;
        if (!n.isBoolean()) throw invalid(key + " must be true or false");
        return n.booleanValue();
    }

    private static Integer nonNegative(JsonNode e, String key, String path) throws SignalingException {
        JsonNode n = e.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0 || n.intValue() > 65_535) {
            throw invalid(path + "." + key + " must be an integer from 0 to 65535");
        }
        return n.intValue();
    }

    private static SignalingException invalid(String what) {
        return new SignalingException("INVALID-DATA-CHANNELS: " + what);
    }
}
