package dev.hibiki.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.hls.playlist.SegmentKey;
import dev.hibiki.platform.json.JsonMappers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an archived broadcast has written, on disk, one JSON line per event, forced to disk before the file is queued:
 * when Hibiki stops (or is killed) in the middle of a broadcast, the next start still writes the VOD playlists of
 * everything that was queued. Deleted once the VOD playlists are queued.
 */
final class BroadcastJournal implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMappers.sharedBufferMapper();

    /** A segment as the VOD playlist lists it. */
    record Segment(int rendition, long sequence, String name, double durationSeconds, SegmentKey key,
                   Instant programDateTime) {
    }

    /** A journal read back after a restart. */
    record Recovered(Path file, String channelId, String connectionId, Map<Integer, String> destinations,
                     Map<Integer, Double> nominalSeconds, Map<Integer, String> init, String master,
                     List<Segment> segments) {
    }

    private final Path file;
    private final FileChannel channel;

    private BroadcastJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Starts the journal of one output with what the VOD playlists need besides its segments. */
    static BroadcastJournal create(Path dir, String connectionId, String channelId,
                                   Map<Integer, String> destinations, Map<Integer, Double> nominalSeconds)
            throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(connectionId + ".jsonl");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        BroadcastJournal j = new BroadcastJournal(file, ch);
        ObjectNode head = JSON.createObjectNode();
        head.put("channel_id", channelId);
        head.put("connection_id", connectionId);
        ObjectNode d = head.putObject("destinations");
        destinations.forEach((r, id) -> d.put(Integer.toString(r), id));
        ObjectNode n = head.putObject("nominal_seconds");
        nominalSeconds.forEach((r, s) -> n.put(Integer.toString(r), s));
        j.append(head);
        return j;
    }

    void segment(Segment s) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("r", s.rendition());
        o.put("seq", s.sequence());
        o.put("name", s.name());
        o.put("duration", s.durationSeconds());
        if (s.key() != null && s.key().isEncrypted()) {
            o.put("key_uri", s.key().uri());
            if (s.key().iv() != null) o.put("key_iv", HexFormat.of().formatHex(s.key().iv()));
        }
        if (s.programDateTime() != null) o.put("pdt", s.programDateTime().toString());
        append(o);
    }

    void init(int rendition, String name) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("r", rendition);
        o.put("init", name);
        append(o);
    }

    void master(String text) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("master", text);
        append(o);
    }

    private synchronized void append(ObjectNode line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
    }

    /** Closes and deletes the journal: its broadcast's VOD playlists are queued. */
    void finish() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The journals a previous run left behind; a journal whose last line was cut off keeps its whole lines. */
    static List<Recovered> recover(Path dir) throws IOException {
        List<Recovered> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path f : files) {
            Recovered r = read(f);
            if (r != null) out.add(r);
        }
        return out;
    }

    private static Recovered read(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return null;
        JsonNode head;
        try {
            head = JSON.readTree(lines.get(0));
        } catch (IOException e) {
            return null;
        }
        Map<Integer, String> destinations = new TreeMap<>();
        head.path("destinations").fields().forEachRemaining(e -> destinations.put(Integer.parseInt(e.getKey()),
                e.getValue().asText()));
        Map<Integer, Double> nominal = new TreeMap<>();
        head.path("nominal_seconds").fields().forEachRemaining(e -> nominal.put(Integer.parseInt(e.getKey()),
                e.getValue().asDouble()));
        Map<Integer, String> init = new TreeMap<>();
        String master = null;
        List<Segment> segments = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (IOException e) {
                break; // the line being written when the process died
            }
            if (o.has("master")) {
                master = o.get("master").asText();
            } else if (o.has("init")) {
                init.put(o.get("r").asInt(), o.get("init").asText());
            } else if (o.has("seq")) {
                SegmentKey key = o.has("key_uri") ? SegmentKey.aes128(o.get("key_uri").asText(),
                        o.has("key_iv") ? HexFormat.of().parseHex(o.get("key_iv").asText()) : null) : null;
                segments.add(new Segment(o.get("r").asInt(), o.get("seq").asLong(), o.get("name").asText(),
                        o.get("duration").asDouble(), key, o.has("pdt") ? Instant.parse(o.get("pdt").asText()) : null));
            }
        }
        return new Recovered(f, head.path("channel_id").asText(), head.path("connection_id").asText(), destinations,
                nominal, init, master, segments);
    }
}
