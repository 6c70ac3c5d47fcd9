package dev.hibiki.platform;

import dev.hibiki.platform.config.PlatformSettings;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;

import java.util.ArrayList;
import java.util.List;

/** The features one build of Hibiki runs, in order, and what the platform derives from them. */
public record InstalledFeatures(List<Feature> features) {

    /** The platform's own migrations (tokens, server state, usage); applied first. */
    public static final MigrationFolder PLATFORM_MIGRATIONS = new MigrationFolder("platform", List.of(1, 3));

    public InstalledFeatures {
        features = List.copyOf(features);
    }

    /** Every key: the platform's, then each feature's. */
    public List<Setting> settings() {
        List<Setting> all = new ArrayList<>(PlatformSettings.ALL);
        features.forEach(f -> all.addAll(f.settings()));
        return List.copyOf(all);
    }

    /** Every migration folder in the order it is applied. */
    public List<MigrationFolder> migrations() {
        List<MigrationFolder> all = new ArrayList<>();
        all.add(PLATFORM_MIGRATIONS);
        features.forEach(f -> f.migrations().ifPresent(all::add));
        return List.copyOf(all);
    }
}
