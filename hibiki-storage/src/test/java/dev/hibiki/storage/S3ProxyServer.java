package dev.hibiki.storage;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * A real S3-compatible server for tests: S3Proxy in this JVM on a free loopback port, over jclouds' in-memory
 * ("transient") blob store. It can be stopped and started again on the same port with its objects kept, which
 * is how the tests take the destination away for a while.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIAHIBIKITEST";
    public static final String SECRET_KEY = "s3cr3t-Hibiki-Test-Key-0123456789abcdef";

    private final BlobStoreContext context;
    private S3Proxy proxy;
    private int port;

    public S3ProxyServer() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        start(0);
    }

    private void start(int onPort) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start");
            Thread.sleep(5);
        }
        port = proxy.getPort();
    }

    /** Stops accepting connections; the objects stay. */
    public void stop() throws Exception {
        proxy.stop();
    }

    /** Starts again on the same port. */
    public void restart() throws Exception {
        start(port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public BlobStore blobs() {
        return context.getBlobStore();
    }

    public void createBucket(String name) {
        blobs().createContainerInLocation(null, name);
    }

    /** The object's bytes, or null when there is none. */
    public byte[] read(String bucket, String name) throws IOException {
        Blob blob = blobs().getBlob(bucket, name);
        if (blob == null) return null;
        try (InputStream in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
