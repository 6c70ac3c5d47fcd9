package dev.hibiki.archive;

import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.Setting;

import java.util.List;

/**
 * The archive's keys.
 *
 * @param allowPrivateNetworks whether a destination's {@code s3_endpoint} may be a loopback, private or link-local
 *                             address (off by default: a tenant could otherwise make Hibiki write to the operator's
 *                             internal services)
 * @param spoolMaxBytes        disk the upload spool may take; beyond it the oldest broadcasts' uploads fail loudly
 * @param uploadWorkers        uploads under way at once
 */
public record ArchiveSettings(boolean allowPrivateNetworks, long spoolMaxBytes, int uploadWorkers) {

    public static final Setting ALLOW_PRIVATE_NETWORKS = Setting.of("archive.allow_private_networks",
            "HIBIKI_ARCHIVE_ALLOW_PRIVATE_NETWORKS", "--archive-allow-private-networks", "false", "BOOL",
            "let archive destinations' s3_endpoint be loopback, private and link-local addresses");
    public static final Setting SPOOL_MAX_MIB = Setting.of("archive.spool_max_mib", "HIBIKI_ARCHIVE_SPOOL_MAX_MIB",
            "--archive-spool-max-mib", "4096", "MIB",
            "disk the archive's upload spool may use (data_dir/archive/spool); beyond it the oldest uploads fail");
    public static final Setting UPLOAD_WORKERS = Setting.of("archive.upload_workers", "HIBIKI_ARCHIVE_UPLOAD_WORKERS",
            "--archive-upload-workers", "4", "N", "archive uploads under way at once");

    public static final List<Setting> ALL = List.of(ALLOW_PRIVATE_NETWORKS, SPOOL_MAX_MIB, UPLOAD_WORKERS);

    public static final ArchiveSettings DEFAULT = new ArchiveSettings(false, 4096L << 20, 4);

    public static ArchiveSettings resolve(ConfigValues v) {
        return new ArchiveSettings(v.bool(ALLOW_PRIVATE_NETWORKS), (long) v.integer(SPOOL_MAX_MIB, 16, 16 * 1024 * 1024) << 20,
                v.integer(UPLOAD_WORKERS, 1, 64));
    }

    public ArchiveSettings withPrivateNetworks(boolean allowed) {
        return new ArchiveSettings(allowed, spoolMaxBytes, uploadWorkers);
    }

    public dev.hibiki.net.OutboundAddressPolicy policy() {
        return dev.hibiki.net.OutboundAddressPolicy.of(allowPrivateNetworks, "archive.allow_private_networks");
    }
}
