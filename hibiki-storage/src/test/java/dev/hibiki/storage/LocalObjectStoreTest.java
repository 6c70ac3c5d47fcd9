package dev.hibiki.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalObjectStoreTest {
    @TempDir
    Path dir;

    @Test
    void putsOverwritesDeletesAndProbes() throws Exception {
        Path root = Files.createDirectory(dir.resolve("archive"));
        LocalObjectStore store = new LocalObjectStore(root);
        Path a = Files.writeString(dir.resolve("a"), "first");
        Path b = Files.writeString(dir.resolve("b"), "second");

        store.put("ch/1/seg.ts", a, "video/mp2t");
        assertThat(root.resolve("ch/1/seg.ts")).hasContent("first");
        store.put("ch/1/seg.ts", b, "video/mp2t");
        assertThat(root.resolve("ch/1/seg.ts")).hasContent("second");
        store.delete("ch/1/seg.ts");
        assertThat(root.resolve("ch/1/seg.ts")).doesNotExist();
        store.delete("ch/1/seg.ts");

        store.probe();
        try (var left = Files.list(root)) {
            assertThat(left).allSatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("ch"));
        }
    }

    @Test
    void aMissingDirectoryIsNotCreated() {
        Path missing = dir.resolve("not-mounted");
        LocalObjectStore store = new LocalObjectStore(missing);
        assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class,
                e -> assertThat(e.reason()).isEqualTo(FailureReason.BUCKET_NOT_FOUND));
        assertThat(missing).doesNotExist();
    }
}
