package dev.hibiki.sipgateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.sip.CallSnapshot;

import java.time.Instant;

/** The JSON shape of a call, as find/find_all return it and callbacks carry it. */
final class CallJson {
    private CallJson() {
    }

    static ObjectNode of(CallSnapshot c, String appKey) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("callId", c.callId());
        o.put("status", c.status().name());
        if (c.sipStatus() == null) o.putNull("sipStatusCode");
        else o.put("sipStatusCode", c.sipStatus());
        if (c.reason() == null) o.putNull("reason");
        else o.put("reason", c.reason());
        o.put("callee", c.callee());
        o.put("rtmpUrl", c.rtmpUrl());
        o.put("rtmpStream", c.rtmpStream());
        o.put("rtmpState", c.rtmpState().name());
        if (appKey == null) o.putNull("appKey");
        else o.put("appKey", appKey);
        ObjectNode m = o.putObject("media");
        CallSnapshot.MediaCounters mc = c.media();
        if (mc.audioCodec() == null) m.putNull("audioCodec");
        else m.put("audioCodec", mc.audioCodec());
        if (mc.videoCodec() == null) m.putNull("videoCodec");
        else m.put("videoCodec", mc.videoCodec());
        m.put("rtpPackets", mc.rtpPackets());
        m.put("rtpBytes", mc.rtpBytes());
        m.put("rtpLost", mc.rtpLost());
        m.put("aacFrames", mc.aacFrames());
        m.put("videoFrames", mc.videoFrames());
        m.put("heldFrames", mc.heldFrames());
        m.put("rtmpReconnects", mc.rtmpReconnects());
        time(o, "createdAt", c.created());
        time(o, "establishedAt", c.established());
        time(o, "endedAt", c.ended());
        if (c.setupMillis() < 0) o.putNull("setupMillis");
        else o.put("setupMillis", c.setupMillis());
        return o;
    }

    private static void time(ObjectNode o, String name, Instant t) {
        if (t == null) o.putNull(name);
        else o.put(name, t.toString());
    }
}
