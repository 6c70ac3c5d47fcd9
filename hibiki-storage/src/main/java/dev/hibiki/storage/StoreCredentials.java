package dev.hibiki.storage;

/** What a store signs its requests with. {@code toString()} never shows a secret, so these may be logged. */
public sealed interface StoreCredentials permits StoreCredentials.AwsKeys, StoreCredentials.GcpServiceAccountKey {

    /** An S3 access key (AWS's or an S3-compatible store's). */
    record AwsKeys(String accessKeyId, String secretAccessKey) implements StoreCredentials {
        public AwsKeys {
            if (accessKeyId == null || accessKeyId.isBlank()) throw new IllegalArgumentException("aws_access_key_id is empty");
            if (secretAccessKey == null || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("aws_secret_access_key is empty");
            }
        }

        /** The key id's first four characters, enough to tell keys apart in a log. */
        @Override
        public String toString() {
            return "AwsKeys[accessKeyId=" + abbreviated(accessKeyId) + ", secretAccessKey=(hidden)]";
        }
    }

    /** A Google service-account key, the JSON file Google hands out, as a string. */
    record GcpServiceAccountKey(String json) implements StoreCredentials {
        public GcpServiceAccountKey {
            if (json == null || json.isBlank()) throw new IllegalArgumentException("gcp_credential_json is empty");
        }

        @Override
        public String toString() {
            return "GcpServiceAccountKey[json=(hidden, " + json.length() + " characters)]";
        }
    }

    private static String abbreviated(String id) {
        return id.length() <= 4 ? "(hidden)" : id.substring(0, 4) + "…";
    }
}
