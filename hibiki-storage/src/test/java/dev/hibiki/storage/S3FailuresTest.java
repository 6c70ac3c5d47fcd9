package dev.hibiki.storage;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers of AWS itself that S3Proxy does not give: a bucket in another region, throttling, refusals. */
class S3FailuresTest {
    private final S3Failures failures =
            new S3Failures(Destination.parse("s3://media-archive/live/"), "us-east-1", null, "the-secret-value");

    private static S3Exception answer(int status, String code, String message, String bucketRegion) {
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
        if (bucketRegion != null) http.putHeader("x-amz-bucket-region", bucketRegion);
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .sdkHttpResponse(http.build()).build())
                .build();
    }

    @Test
    void aBucketInAnotherRegionNamesThatRegion() {
        StoreException e = failures.classify(answer(301, "PermanentRedirect", "moved", "ap-northeast-1"));
        assertThat(e.reason()).isEqualTo(FailureReason.WRONG_REGION);
        assertThat(e.getMessage()).contains("set aws_region to ap-northeast-1");

        StoreException malformed = failures.classify(answer(400, "AuthorizationHeaderMalformed",
                "the region 'us-east-1' is wrong; expecting 'eu-west-1'", null));
        assertThat(malformed.reason()).isEqualTo(FailureReason.WRONG_REGION);
    }

    @Test
    void refusalsAreToldApart() {
        assertThat(failures.classify(answer(403, "AccessDenied", "Access Denied", null)).reason())
                .isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(failures.classify(answer(403, "SignatureDoesNotMatch", "sig", null)).reason())
                .isEqualTo(FailureReason.INVALID_CREDENTIALS);
        assertThat(failures.classify(answer(404, "NoSuchBucket", "none", null)).reason())
                .isEqualTo(FailureReason.BUCKET_NOT_FOUND);
        StoreException slow = failures.classify(answer(503, "SlowDown", "Please reduce your request rate", null));
        assertThat(slow.reason()).isEqualTo(FailureReason.OTHER);
        assertThat(slow.reason().permanent()).isFalse();
    }

    @Test
    void aSecretEchoedByTheServiceIsHidden() {
        StoreException e = failures.classify(answer(500, "InternalError", "oops the-secret-value leaked", null));
        assertThat(e.getMessage()).doesNotContain("the-secret-value").contains("(hidden)");
    }
}
