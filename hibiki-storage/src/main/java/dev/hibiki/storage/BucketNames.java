package dev.hibiki.storage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The bucket naming rules of S3 and of Google Cloud Storage, checked before any request, so that a typo is
 * reported as what it is and a name can never smuggle a host, a path or a port into a request URL.
 */
final class BucketNames {
    private static final Pattern S3 = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern GCS = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> S3_RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> S3_RESERVED_SUFFIXES =
            List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private BucketNames() {
    }

    /** @throws IllegalArgumentException the name breaks S3's rules; the message says which */
    static void checkS3(String name) {
        if (!S3.matcher(name).matches()) {
            throw invalid(name, "an S3 bucket name has 3 to 63 characters: lowercase letters, digits, dots and"
                    + " hyphens, beginning and ending with a letter or digit");
        }
        if (name.contains("..")) throw invalid(name, "an S3 bucket name has no two dots in a row");
        if (DOTTED_QUAD.matcher(name).matches()) throw invalid(name, "an S3 bucket name is not an IP address");
        for (String p : S3_RESERVED_PREFIXES) {
            if (name.startsWith(p)) throw invalid(name, "S3 reserves bucket names beginning with " + p);
        }
        for (String s : S3_RESERVED_SUFFIXES) {
            if (name.endsWith(s)) throw invalid(name, "S3 reserves bucket names ending with " + s);
        }
    }

    /** @throws IllegalArgumentException the name breaks Cloud Storage's rules; the message says which */
    static void checkGcs(String name) {
        if (!GCS.matcher(name).matches()) {
            throw invalid(name, "a Cloud Storage bucket name has 3 to 63 characters (222 if it has dots):"
                    + " lowercase letters, digits, dots, hyphens and underscores, beginning and ending with a"
                    + " letter or digit");
        }
        if (!name.contains(".") && name.length() > 63) {
            throw invalid(name, "a Cloud Storage bucket name without dots has at most 63 characters");
        }
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || part.length() > 63) {
                throw invalid(name, "each dot-separated part of a Cloud Storage bucket name has 1 to 63 characters");
            }
        }
        if (DOTTED_QUAD.matcher(name).matches()) throw invalid(name, "a Cloud Storage bucket name is not an IP address");
        if (name.startsWith("goog") || name.contains("google") || name.contains("g00gle")) {
            throw invalid(name, "Cloud Storage bucket names may not begin with \"goog\" or contain \"google\"");
        }
    }

    private static IllegalArgumentException invalid(String name, String rule) {
        return new IllegalArgumentException("\"" + name + "\" is not a valid bucket name: " + rule);
    }
}
