package dev.hibiki.storage.spool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Remembers what a spool reported. */
final class RecordingListener implements SpoolListener {
    record Failure(SpoolItem item, UploadFailure failure) {
    }

    final List<SpoolItem> uploaded = Collections.synchronizedList(new ArrayList<>());
    final List<Failure> failed = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void uploaded(SpoolItem item) {
        uploaded.add(item);
    }

    @Override
    public void failed(SpoolItem item, UploadFailure failure) {
        failed.add(new Failure(item, failure));
    }

    List<SpoolItem> uploaded() {
        synchronized (uploaded) {
            return List.copyOf(uploaded);
        }
    }

    List<Failure> failed() {
        synchronized (failed) {
            return List.copyOf(failed);
        }
    }
}
