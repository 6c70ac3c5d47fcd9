package dev.hibiki.sfu;

import dev.hibiki.ice.IceSettings;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.SdpParseException;
import dev.hibiki.sdp.SessionDescription;
import dev.hibiki.sdp.SsrcGroup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An SFU whose connections have {@link RecordingTransport}s and whose RTCP timer is driven by the test
 * ({@link Sfu#sendFeedback(long)}), with peers that answer as browsers do.
 */
final class TestSfu implements AutoCloseable {

    static final int VP8 = 96;
    static final int VP8_RTX = 97;
    static final int OPUS = 111;
    static final int DEFAULT_VIDEO_KBPS = 2500;

    final Sfu sfu;
    final List<String> publications = new CopyOnWriteArrayList<>();
    final List<PublishedTrack> publishedTracks = new CopyOnWriteArrayList<>();
    private final LinkedBlockingDeque<RecordingTransport> transports = new LinkedBlockingDeque<>();

    TestSfu(int sendWorkers) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        sfu = Sfu.start(new SfuConfig(new InetSocketAddress(loopback, 0), List.of(loopback), IceSettings.DEFAULT,
                DEFAULT_VIDEO_KBPS, sendWorkers), (handler, stats) -> {
            RecordingTransport t = new RecordingTransport(handler);
            transports.add(t);
            return t;
        }, false);
        sfu.setPublicationListener(new PublicationListener() {
            @Override
            public void onPublished(Router router, Connection publisher, List<PublishedTrack> tracks) {
                publishedTracks.addAll(tracks);
                publications.add("published " + publisher.id() + " " + tracks.size());
            }

            @Override
            public void onPublisherLeft(Router router, Connection publisher) {
                publications.add("left " + publisher.id());
            }
        });
    }

    Router router(String id) {
        return sfu.router(id, ChannelMode.MULTISTREAM);
    }

    static ConnectionSpec sender(String id) {
        return new ConnectionSpec(id, true, false, true, true, null, null);
    }

    static ConnectionSpec viewer(String id) {
        return new ConnectionSpec(id, false, true, true, true, null, null);
    }

    Peer join(Router router, ConnectionSpec spec) throws Exception {
        Peer.Events events = new Peer.Events();
        Connection c = router.join(spec, events);
        return new Peer(c, transports.removeLast(), events);
    }

    /** A sender of Opus (audio SSRC) and VP8 with RTX (video SSRC, RTX SSRC), connected. */
    Peer publisher(Router router, String id, long audioSsrc, long videoSsrc, long rtxSsrc) throws Exception {
        Peer p = join(router, sender(id));
        p.connection.applyAnswer(new BrowserAnswer()
                .sending("audio", OPUS, null, audioSsrc, null)
                .sending("video", VP8, VP8_RTX, videoSsrc, rtxSsrc)
                .to(p.connection.offer()));
        p.transport.connect();
        return p;
    }

    /** A receiver that answered its offer and is connected. */
    Peer viewer(Router router, String id) throws Exception {
        Peer p = join(router, viewer(id));
        p.connection.applyAnswer(new BrowserAnswer().to(p.connection.offer()));
        p.transport.connect();
        return p;
    }

    @Override
    public void close() {
        sfu.close();
    }

    /** One connection with the browser side of its transport and listener. */
    static final class Peer {
        final Connection connection;
        final RecordingTransport transport;
        final Events events;
        /** The offer the peer answered last (the initial one, then each re-offer it answers). */
        private String lastOffer;

        Peer(Connection connection, RecordingTransport transport, Events events) {
            this.connection = connection;
            this.transport = transport;
            this.events = events;
            this.lastOffer = connection.offer();
        }

        /** Waits for the next re-offer and answers it. */
        String answerReOffer() throws Exception {
            String offer = events.nextReOffer();
            connection.applyReAnswer(new BrowserAnswer().to(offer));
            lastOffer = offer;
            return offer;
        }

        /** The section of the last answered offer in which the SFU forwards {@code kind} of {@code publisherId}. */
        MediaDescription forwarded(String publisherId, String kind) {
            try {
                return SessionDescription.parse(lastOffer).media().stream()
                        .filter(m -> m.media().equals(kind) && !m.isRejected())
                        .filter(m -> m.msid().map(id -> id.streamId().equals(publisherId)).orElse(false))
                        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " of " + publisherId));
            } catch (SdpParseException e) {
                throw new AssertionError(e);
            }
        }

        /** The SSRC the SFU forwards {@code kind} of {@code publisherId} with, to this peer. */
        long ssrcOf(String publisherId, String kind) {
            MediaDescription m = forwarded(publisherId, kind);
            return m.ssrcGroups().stream().filter(g -> g.semantics().equals(SsrcGroup.FID)).findFirst()
                    .map(g -> g.ssrcs().getFirst()).orElseGet(() -> m.ssrcs().keySet().iterator().next());
        }

        /** The RTX SSRC of the forwarded video of {@code publisherId}. */
        long rtxSsrcOf(String publisherId) {
            return forwarded(publisherId, "video").ssrcGroups().stream()
                    .filter(g -> g.semantics().equals(SsrcGroup.FID)).findFirst().orElseThrow().ssrcs().get(1);
        }

        String midOf(String publisherId, String kind) {
            return forwarded(publisherId, kind).mid().orElseThrow();
        }

        /** The connection's listener: re-offers, connection and close events. */
        static final class Events implements ConnectionListener {
            final BlockingQueue<String> reOffers = new LinkedBlockingQueue<>();
            final List<String> log = new CopyOnWriteArrayList<>();

            @Override
            public void onConnected(Connection connection) {
                log.add("connected");
            }

            @Override
            public void onRenegotiationNeeded(Connection connection, String offerSdp) {
                log.add("re-offer");
                reOffers.add(offerSdp);
            }

            @Override
            public void onClosed(Connection connection, String reason) {
                log.add("closed " + reason);
            }

            String nextReOffer() throws InterruptedException {
                String offer = reOffers.poll(RecordingTransport.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (offer == null) throw new AssertionError("no re-offer");
                return offer;
            }
        }
    }
}
