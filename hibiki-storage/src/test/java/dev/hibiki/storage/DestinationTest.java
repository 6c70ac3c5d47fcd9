package dev.hibiki.storage;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationTest {

    @Test
    void parsesS3AndGcsUris() {
        Destination s3 = Destination.parse("s3://my-bucket/archive/");
        assertThat(s3.kind()).isEqualTo(Destination.Kind.S3);
        assertThat(s3.bucket()).isEqualTo("my-bucket");
        assertThat(s3.prefix()).isEqualTo("archive/");
        assertThat(s3.objectName("ch/1.ts")).isEqualTo("archive/ch/1.ts");

        Destination gs = Destination.parse("gs://my_bucket.example.com/a/b");
        assertThat(gs.kind()).isEqualTo(Destination.Kind.GCS);
        assertThat(gs.prefix()).isEqualTo("a/b/");
        assertThat(gs.uri()).isEqualTo("gs://my_bucket.example.com/a/b/");

        assertThat(Destination.parse("S3://bucket").prefix()).isEmpty();
        assertThat(Destination.parse("s3://bucket/").objectName("x.m3u8")).isEqualTo("x.m3u8");
        assertThat(Destination.parse("s3://bucket/p/")).isEqualTo(Destination.parse("s3://bucket/p"));
    }

    @Test
    void rejectsWhatIsNotABucketUri() {
        assertThatThrownBy(() -> Destination.parse("https://bucket/x")).hasMessageContaining("s3:// or gs://");
        assertThatThrownBy(() -> Destination.parse("file:///tmp")).hasMessageContaining("s3:// or gs://");
        assertThatThrownBy(() -> Destination.parse("s3:///prefix")).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> Destination.parse("s3://bucket/a?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> Destination.parse("s3://bucket/a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> Destination.parse("s3://bucket/a/../b")).hasMessageContaining("\"..\"");
        assertThatThrownBy(() -> Destination.parse("s3://bucket/a b/")).hasMessageContaining("U+0020");
    }

    @Test
    void checksBucketNames() {
        assertThatThrownBy(() -> Destination.parse("s3://My-Bucket/")).hasMessageContaining("not a valid bucket name");
        assertThatThrownBy(() -> Destination.parse("s3://ab/")).hasMessageContaining("3 to 63");
        assertThatThrownBy(() -> Destination.parse("s3://my_bucket/")).hasMessageContaining("not a valid bucket name");
        assertThatThrownBy(() -> Destination.parse("s3://a..b/")).hasMessageContaining("two dots");
        assertThatThrownBy(() -> Destination.parse("s3://192.168.1.1/")).hasMessageContaining("IP address");
        assertThatThrownBy(() -> Destination.parse("s3://evil.com:9000/")).hasMessageContaining("not a valid bucket name");
        assertThatThrownBy(() -> Destination.parse("s3://user@bucket/")).hasMessageContaining("not a valid bucket name");
        assertThatThrownBy(() -> Destination.parse("s3://xn--bucket/")).hasMessageContaining("xn--");
        assertThatThrownBy(() -> Destination.parse("gs://google-archive/")).hasMessageContaining("google");
        assertThatThrownBy(() -> Destination.parse("gs://-bucket/")).hasMessageContaining("not a valid bucket name");
        assertThat(Destination.parse("gs://" + "a".repeat(63) + "." + "b".repeat(63)).bucket()).hasSize(127);
        assertThatThrownBy(() -> Destination.parse("gs://" + "a".repeat(64))).hasMessageContaining("63");
    }

    @Test
    void keysStayInsideThePrefix() {
        Destination d = Destination.parse("s3://bucket/p/");
        assertThatThrownBy(() -> d.objectName("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.objectName("/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.objectName("a\nb")).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> d.objectName("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.objectName("チャンネル/seg-001.ts")).isEqualTo("p/チャンネル/seg-001.ts");
    }

    @Test
    void operatorsMayNameADirectory() {
        Destination local = Destination.parseOperatorUri("file:///var/lib/hibiki/archive");
        assertThat(local.kind()).isEqualTo(Destination.Kind.LOCAL);
        assertThat(local.directory()).isEqualTo(Path.of("/var/lib/hibiki/archive"));
        assertThatThrownBy(() -> Destination.parseOperatorUri("file:relative")).hasMessageContaining("absolute");
    }

    @Test
    void credentialsNeverShowTheirSecrets() {
        var keys = new StoreCredentials.AwsKeys("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(keys.toString()).doesNotContain("wJalr").doesNotContain("IOSFODNN7").contains("AKIA");
        var gcp = new StoreCredentials.GcpServiceAccountKey("{\"private_key\":\"-----BEGIN PRIVATE KEY-----xyz\"}");
        assertThat(gcp.toString()).doesNotContain("PRIVATE").doesNotContain("xyz");
        StoreSpec spec = StoreSpec.s3(Destination.parse("s3://bucket/"), "us-west-2", keys, null);
        assertThat(spec.toString()).doesNotContain("wJalr").contains("s3://bucket/");
    }

    @Test
    void specsCheckTheirParts() {
        var keys = new StoreCredentials.AwsKeys("AKIAIOSFODNN7EXAMPLE", "secret");
        Destination s3 = Destination.parse("s3://bucket/");
        assertThatThrownBy(() -> StoreSpec.s3(s3, "us-east-1.evil.com", keys, null)).hasMessageContaining("aws_region");
        assertThatThrownBy(() -> StoreSpec.s3(s3, null, keys, URI.create("ftp://x"))).hasMessageContaining("http");
        assertThatThrownBy(() -> StoreSpec.s3(s3, null, keys, URI.create("http://u:p@host:9000")))
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> StoreSpec.s3(s3, null, keys, URI.create("http://host:9000/bucket")))
                .hasMessageContaining("bucket_uri");
        assertThatThrownBy(() -> new StoreSpec(s3, null, null, null)).hasMessageContaining("aws_access_key_id");
        assertThatThrownBy(() -> new StoreSpec(Destination.parse("gs://bucket/"), null, keys, null))
                .hasMessageContaining("gcp_credential_json");
        assertThat(StoreSpec.s3(s3, "auto", keys, URI.create("https://acct.r2.example.com")).regionOrDefault())
                .isEqualTo("auto");
    }
}
