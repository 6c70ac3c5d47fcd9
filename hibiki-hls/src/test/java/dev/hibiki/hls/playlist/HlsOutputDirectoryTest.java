package dev.hibiki.hls.playlist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HlsOutputDirectoryTest {
    @TempDir
    Path temp;

    private static byte[] segment(int n) {
        byte[] b = new byte[188 * (1 + n % 5)];
        b[0] = 0x47;
        b[1] = (byte) n;
        return b;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fragmentedMp4RenditionsGetInitAndM4sFiles() throws IOException {
        HlsOutputDirectory out = new HlsOutputDirectory(temp.resolve("conn-f"), false);
        MediaPlaylist playlist = new MediaPlaylist(3, 1).map(SegmentFormat.INIT_FILE);
        out.publishInit("720p", new byte[]{0, 0, 0, 8, 'f', 't', 'y', 'p'});
        MediaSegment first = out.publishSegment("720p", playlist, new byte[16], 1.0, null, null);
        assertThat(first.uri()).isEqualTo("segment-00000000.m4s");
        assertThat(files(temp.resolve("conn-f").resolve("720p")))
                .containsExactly("init.mp4", "playlist.m3u8", "segment-00000000.m4s");
        assertThat(Files.readString(temp.resolve("conn-f/720p/playlist.m3u8")))
                .contains("#EXT-X-VERSION:7\n", "#EXT-X-MAP:URI=\"init.mp4\"\n");
    }

    @Test
    void writesSegmentsAndThePlaylistOfARendition() throws IOException {
        HlsOutputDirectory out = new HlsOutputDirectory(temp.resolve("conn-1"), false);
        MediaPlaylist playlist = new MediaPlaylist(3, 1).startTimeOffset(-2.0);
        MediaSegment first = out.publishSegment("720p", playlist, segment(0), 1.0, null, null);
        out.publishSegment("720p", playlist, segment(1), 1.0, null, null);

        Path dir = temp.resolve("conn-1/720p");
        assertThat(first.uri()).isEqualTo("segment-00000000.ts");
        assertThat(files(dir)).containsExactly("playlist.m3u8", "segment-00000000.ts", "segment-00000001.ts");
        assertThat(Files.readAllBytes(dir.resolve("segment-00000001.ts"))).isEqualTo(segment(1));
        String text = Files.readString(dir.resolve("playlist.m3u8"));
        assertThat(text).isEqualTo(playlist.render());
        assertThat(PlaylistRules.checkMediaPlaylist(text)).extracting(PlaylistRules.Entry::uri)
                .containsExactly("segment-00000000.ts", "segment-00000001.ts");
        assertThat(playlist.segments().get(1).sizeBytes()).isEqualTo(segment(1).length);
    }

    @Test
    void deletesSegmentsThatLeftTheWindowOnceNoPlaylistCanStillNameThem() throws IOException {
        HlsOutputDirectory out = new HlsOutputDirectory(temp, false);
        MediaPlaylist playlist = new MediaPlaylist(3, 1);
        Path dir = out.renditionDirectory("low");
        // segment 0 leaves the window with segment 3 (published 4 s); the last playlist naming it lasted 3 s,
        // so it must stay 1 s (its duration) + 3 s longer: until 8 s of media are published
        for (int i = 0; i < 7; i++) {
            out.publishSegment("low", playlist, segment(i), 1.0, null, null);
        }
        assertThat(dir.resolve("segment-00000000.ts")).exists();
        out.publishSegment("low", playlist, segment(7), 1.0, null, null);
        assertThat(dir.resolve("segment-00000000.ts")).doesNotExist();
        assertThat(dir.resolve("segment-00000001.ts")).exists();
        for (int i = 8; i < 30; i++) {
            out.publishSegment("low", playlist, segment(i), 1.0, null, null);
        }
        assertThat(files(dir)).hasSize(1 + 7).contains("playlist.m3u8", "segment-00000029.ts", "segment-00000023.ts")
                .doesNotContain("segment-00000022.ts");
        assertThat(PlaylistRules.mediaSequence(Files.readString(dir.resolve("playlist.m3u8")))).isEqualTo(27);
    }

    @Test
    void retainsEverySegmentForArchiving() throws IOException {
        HlsOutputDirectory out = new HlsOutputDirectory(temp, true);
        MediaPlaylist playlist = new MediaPlaylist(2, 1);
        for (int i = 0; i < 10; i++) {
            out.publishSegment("", playlist, segment(i), 1.0, null, null);
        }
        assertThat(files(temp)).hasSize(11).contains("segment-00000000.ts", "playlist.m3u8");
        assertThat(playlist.segments()).hasSize(2);
    }

    @Test
    void writesTheMasterPlaylistAndTheEnd() throws IOException {
        HlsOutputDirectory out = new HlsOutputDirectory(temp, false);
        out.writeMasterPlaylist(new MasterPlaylist(List.of(new Variant("720p/playlist.m3u8", 1000, 0, 0, 0, 0, null))));
        assertThat(Files.readString(temp.resolve("master.m3u8"))).contains("720p/playlist.m3u8");
        MediaPlaylist playlist = new MediaPlaylist(2, 1);
        out.publishSegment("720p", playlist, segment(0), 1.0, null, null);
        playlist.end();
        out.writePlaylist("720p", playlist);
        assertThat(Files.readString(temp.resolve("720p/playlist.m3u8"))).endsWith("#EXT-X-ENDLIST\n");
    }

    @Test
    void removesEverything() throws IOException {
        Path root = temp.resolve("conn-2");
        HlsOutputDirectory out = new HlsOutputDirectory(root, true);
        MediaPlaylist playlist = new MediaPlaylist(2, 1);
        for (int i = 0; i < 4; i++) {
            out.publishSegment("a", playlist, segment(i), 1.0, null, null);
            out.publishSegment("b", playlist, segment(i), 1.0, null, null);
        }
        out.deleteAll();
        assertThat(root).doesNotExist();
        out.deleteAll();
    }

    @Test
    void staysInsideItsRoot() {
        HlsOutputDirectory out = new HlsOutputDirectory(temp.resolve("x"), false);
        assertThatThrownBy(() -> out.renditionDirectory("../y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.renditionDirectory("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.write("../escape.txt", new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.write("", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    /** A reader polling the playlist while it is rewritten only ever sees complete playlists. */
    @Test
    void readersNeverSeeAPartialPlaylist() throws Exception {
        HlsOutputDirectory out = new HlsOutputDirectory(temp, false);
        MediaPlaylist playlist = new MediaPlaylist(0, 1);
        out.publishSegment("r", playlist, segment(0), 1.0, null, null);
        Path file = temp.resolve("r/playlist.m3u8");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    String text;
                    try {
                        text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                    } catch (NoSuchFileException e) {
                        throw new AssertionError("playlist vanished during a rewrite", e);
                    }
                    PlaylistRules.checkMediaPlaylist(text);
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        for (int i = 1; i < 300; i++) {
            out.publishSegment("r", playlist, segment(i), 1.0, null, null);
        }
        done.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isPositive();
        List<String> leftovers = new ArrayList<>(files(temp.resolve("r")));
        leftovers.removeIf(n -> !n.endsWith(".tmp"));
        assertThat(leftovers).isEmpty();
    }
}
