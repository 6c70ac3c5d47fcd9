package dev.hibiki.archive;

import dev.hibiki.storage.spool.SpoolListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A VOD master is queued once every VOD playlist it names is settled, and a restart does not lose it. */
class HeldVodMastersTest {

    private static final HeldVodMasters.Master MASTER = new HeldVodMasters.Master("dest", "ch/key/vod.m3u8",
            "ch/key/r1", Set.of("ch/key/r0/vod.m3u8", "ch/key/r1/vod.m3u8"), "#EXTM3U\n");

    @TempDir
    Path dir;

    private final List<String> queued = new ArrayList<>();

    private HeldVodMasters open() throws IOException {
        HeldVodMasters masters = new HeldVodMasters(dir, SpoolListener.NONE);
        masters.releaseTo((destination, key, playlist, group) -> queued.add(destination + " " + key + " " + group));
        return masters;
    }

    @Test
    void queuedOnceEveryNamedPlaylistIsSettled() throws IOException {
        HeldVodMasters masters = open();
        masters.hold(MASTER);

        masters.settled("dest", "ch/key/r0/vod.m3u8");
        masters.settled("other-dest", "ch/key/r1/vod.m3u8");
        masters.settled("dest", "ch/key/r1/segment-00000001.ts");
        assertThat(queued).isEmpty();

        masters.settled("dest", "ch/key/r1/vod.m3u8");
        assertThat(queued).containsExactly("dest ch/key/vod.m3u8 ch/key/r1");
        masters.settled("dest", "ch/key/r1/vod.m3u8");
        assertThat(queued).hasSize(1);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aRestartQueuesWhatWasHeld() throws IOException {
        open().hold(MASTER);
        assertThat(queued).isEmpty();

        // what was uploaded meanwhile is not known after a restart: queued at once, behind the last rendition
        open();
        assertThat(queued).containsExactly("dest ch/key/vod.m3u8 ch/key/r1");
        assertThat(dir).isEmptyDirectory();
    }
}
