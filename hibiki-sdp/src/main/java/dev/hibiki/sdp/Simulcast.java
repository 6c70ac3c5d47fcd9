package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast:send r0;r1;~r2 recv r3} (RFC 8853). Each direction lists streams separated by {@code ;}; a
 * stream lists alternative rids separated by {@code ,}; {@code ~} marks a paused rid.
 *
 * @param send    the send streams, each a list of alternatives; empty when the direction is absent
 * @param receive the receive streams, same shape
 */
public record Simulcast(List<List<Simulcast.Layer>> send, List<List<Simulcast.Layer>> receive) {

    /** One rid in a simulcast stream list. */
    public record Layer(String rid, boolean paused) {
        public Layer {
            Rid.checkId(rid);
        }

        @Override
        public String toString() {
            return (paused ? "~" : "") + rid;
        }
    }

    public Simulcast {
        send = copy(send);
        receive = copy(receive);
        if (send.isEmpty() && receive.isEmpty()) throw new IllegalArgumentException("simulcast lists no stream");
    }

    /** A receive-only description with one rid per stream, as an SFU offers to a simulcast sender. */
    public static Simulcast receiving(List<Layer> layers) {
        List<List<Layer>> streams = new ArrayList<>();
        for (Layer l : layers) streams.add(List.of(l));
        return new Simulcast(List.of(), streams);
    }

    public static Simulcast parse(String value) {
        List<String> parts = Tokens.splitWhitespace(value);
        List<List<Layer>> send = null;
        List<List<Layer>> recv = null;
        int i = 0;
        while (i < parts.size()) {
            String dir = parts.get(i);
            if (i + 1 >= parts.size()) throw new IllegalArgumentException("simulcast direction '" + dir + "' has no stream list");
            List<List<Layer>> streams = parseStreams(parts.get(i + 1));
            if (dir.equals("send") && send == null) send = streams;
            else if (dir.equals("recv") && recv == null) recv = streams;
            else throw new IllegalArgumentException("simulcast expects 'send' and/or 'recv' once each, got '" + dir + "'");
            i += 2;
        }
        return new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv);
    }

    /** The rids of the send streams' first alternatives, in order. */
    public List<Layer> sendLayers() {
        return firstAlternatives(send);
    }

    /** The rids of the receive streams' first alternatives, in order. */
    public List<Layer> receiveLayers() {
        return firstAlternatives(receive);
    }

    public String value() {
        StringBuilder sb = new StringBuilder();
        if (!send.isEmpty()) sb.append("send ").append(format(send));
        if (!receive.isEmpty()) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append("recv ").append(format(receive));
        }
        return sb.toString();
    }

    public Attribute toAttribute() {
        return new Attribute("simulcast", value());
    }

    private static List<List<Layer>> parseStreams(String list) {
        // Firefox before RFC 8853 wrote "rid=r0;r1"; the prefix carries no information.
        String s = list.startsWith("rid=") ? list.substring(4) : list;
        List<List<Layer>> streams = new ArrayList<>();
        for (String stream : s.split(";", -1)) {
            List<Layer> alternatives = new ArrayList<>();
            for (String alt : stream.split(",", -1)) {
                boolean paused = alt.startsWith("~");
                alternatives.add(new Layer(paused ? alt.substring(1) : alt, paused));
            }
            streams.add(alternatives);
        }
        return streams;
    }

    private static String format(List<List<Layer>> streams) {
        StringBuilder sb = new StringBuilder();
        for (List<Layer> stream : streams) {
            if (!sb.isEmpty()) sb.append(';');
            for (int i = 0; i < stream.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(stream.get(i));
            }
        }
        return sb.toString();
    }

    private static List<Layer> firstAlternatives(List<List<Layer>> streams) {
        List<Layer> out = new ArrayList<>();
        for (List<Layer> s : streams) out.add(s.get(0));
        return List.copyOf(out);
    }

    private static List<List<Layer>> copy(List<List<Layer>> streams) {
        List<List<Layer>> out = new ArrayList<>();
        for (List<Layer> s : streams) {
            if (s.isEmpty()) throw new IllegalArgumentException("simulcast stream without rid");
            out.add(List.copyOf(s));
        }
        return List.copyOf(out);
    }
}
