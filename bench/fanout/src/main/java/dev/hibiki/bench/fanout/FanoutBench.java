package dev.hibiki.bench.fanout;

/**
 * Fan-out benchmark client: one synthetic publisher and N light subscribers against a running Hibiki, all in this
 * JVM, speaking Sora signaling, ICE, DTLS and SRTP with Hibiki's own protocol modules. See bench/fanout.sh.
 */
public final class FanoutBench {

    private FanoutBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fanout: " + e.getMessage());
            System.exit(2);
            return;
        }
        int rc = new Bench(options).run();
        System.out.flush();
        System.exit(rc);
    }
}
