package dev.hibiki.storage;

import dev.hibiki.net.DestinationNotAllowedException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.util.Set;

/** Turns what the S3 client threw into a {@link StoreException} that says what to fix. */
final class S3Failures {
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "InvalidSecurity", "TokenRefreshRequired");
    private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem",
            "InvalidObjectState", "RequestTimeTooSkewed");
    private static final Set<String> WRONG_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException", "Redirect", "TemporaryRedirect");

    private final Destination destination;
    private final String region;
    private final URI endpoint;
    private final String secret;

    S3Failures(Destination destination, String region, URI endpoint, String secret) {
        this.destination = destination;
        this.region = region;
        this.endpoint = endpoint;
        this.secret = secret;
    }

    StoreException classify(SdkException e) {
        if (e instanceof AbortedException) {
            Thread.currentThread().interrupt();
            return new StoreException(FailureReason.OTHER, "the request was interrupted", e);
        }
        DestinationNotAllowedException refused = CheckedDnsResolver.refusal(e);
        if (refused != null) {
            return new StoreException(FailureReason.NOT_ALLOWED, "s3_endpoint " + refused.getMessage(), e);
        }
        if (e instanceof S3Exception s3) return classify(s3);
        String problem = e instanceof ApiCallTimeoutException ? "it timed out" : Causes.connectionProblem(e);
        if (problem != null) {
            return new StoreException(FailureReason.UNREACHABLE, "could not reach " + where() + ": " + problem
                    + (endpoint != null ? "; check s3_endpoint and that the store is up" : ""), e);
        }
        return new StoreException(FailureReason.OTHER, "the request to " + where() + " failed: "
                + Causes.scrub(e.getMessage(), secret), e);
    }

    private StoreException classify(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String said = "S3 answered " + e.statusCode() + (code == null ? "" : " " + code);
        String bucket = destination.bucket();
        if ("NoSuchBucket".equals(code) || code == null && e.statusCode() == 404) {
            return new StoreException(FailureReason.BUCKET_NOT_FOUND, "bucket \"" + bucket + "\" does not exist"
                    + (endpoint != null ? " at " + endpoint : "") + " (" + said + "); check the bucket name in"
                    + " bucket_uri", e);
        }
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            return new StoreException(FailureReason.INVALID_CREDENTIALS, "the access key was not accepted (" + said
                    + "); check aws_access_key_id and aws_secret_access_key", e);
        }
        if (code != null && WRONG_REGION.contains(code) || e.statusCode() == 301) {
            String actual = e.awsErrorDetails() == null ? null : e.awsErrorDetails().sdkHttpResponse()
                    .firstMatchingHeader("x-amz-bucket-region").orElse(null);
            return new StoreException(FailureReason.WRONG_REGION, "bucket \"" + bucket + "\" is not in region "
                    + region + (actual != null ? " but in " + actual + "; set aws_region to " + actual
                    : "; set aws_region to the bucket's region") + " (" + said + ")", e);
        }
        if (code != null && DENIED.contains(code) || code == null && e.statusCode() == 403) {
            String hint = "RequestTimeTooSkewed".equals(code)
                    ? "this server's clock is wrong; the operator must fix it"
                    : "the key needs s3:PutObject and s3:DeleteObject on " + destination.uri() + "*";
            return new StoreException(FailureReason.ACCESS_DENIED, "access denied to " + destination.uri() + " ("
                    + said + "): " + hint, e);
        }
        String detail = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
        return new StoreException(FailureReason.OTHER, said + ": " + Causes.scrub(detail, secret), e);
    }

    private String where() {
        return endpoint != null ? endpoint.toString() : "S3 in region " + region;
    }
}
