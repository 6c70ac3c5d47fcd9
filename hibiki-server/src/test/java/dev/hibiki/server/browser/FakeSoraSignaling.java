package dev.hibiki.server.browser;

/**
 * A stand-in for Sora inside the page: replaces {@code window.WebSocket} with an object that speaks Sora's
 * WebSocket signaling (connect → offer → answer → candidate, notify, disconnect) and answers with a second
 * RTCPeerConnection in the same page as the "SFU". With it the demo pages run their whole path with the real
 * sora-js-sdk (getUserMedia, offer/answer, ICE, media, stats, track removal) before Hibiki's media plane exists.
 * It is also a compact record of what sora-js-sdk expects from a server.
 *
 * <p>For a recvonly client it publishes the fake camera as a stream named {@link #PUBLISHER_STREAM_ID};
 * {@code window.fakeSora.destroyPublisher()} sends the connection.destroyed notify for it, and
 * {@code window.fakeSora.dropConnection()} ends the connection from the server side without a goodbye.
 */
final class FakeSoraSignaling {

    static final String PUBLISHER_STREAM_ID = "fakepublisher0000000000000";
    static final String CLIENT_CONNECTION_ID = "fakeclient000000000000000";

    private static final String SCRIPT = """
            (() => {
              const fake = window.fakeSora = { received: [], error: null, sfu: null, ws: null };
              const PUBLISHER = '%1$s';
              const CLIENT = '%2$s';
              let queue = Promise.resolve();

              class FakeSoraWebSocket {
                static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
                constructor(url) {
                  Object.assign(this, { url, readyState: 0, binaryType: 'blob', protocol: '', extensions: '' });
                  this.onopen = this.onclose = this.onmessage = this.onerror = null;
                  fake.ws = this;
                  setTimeout(() => { this.readyState = 1; this.onopen && this.onopen(new Event('open')); });
                }
                send(text) {
                  const message = JSON.parse(text);
                  fake.received.push(message.type);
                  queue = queue.then(() => handle(this, message)).catch((e) => { fake.error = String(e); });
                }
                close(code = 1000, reason = '') {
                  if (this.readyState >= 2) return;
                  this.readyState = 3;
                  setTimeout(() => this.onclose && this.onclose(new CloseEvent('close', { code, reason, wasClean: true })));
                }
                deliver(message) {
                  if (this.readyState === 1 && this.onmessage) this.onmessage(new MessageEvent('message', { data: JSON.stringify(message) }));
                }
              }
              window.WebSocket = FakeSoraWebSocket;

              async function handle(ws, m) {
                if (m.type === 'connect') {
                  const sfu = fake.sfu = new RTCPeerConnection();
                  let streamId = null;
                  if (m.role === 'sendonly') {
                    sfu.addTransceiver('audio', { direction: 'recvonly' });
                    sfu.addTransceiver('video', { direction: 'recvonly' });
                  } else {
                    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
                    for (const track of stream.getTracks()) sfu.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
                    streamId = stream.id;
                  }
                  await sfu.setLocalDescription();
                  await new Promise((done) => {
                    if (sfu.iceGatheringState === 'complete') return done();
                    sfu.onicegatheringstatechange = () => sfu.iceGatheringState === 'complete' && done();
                  });
                  // Sora puts its candidates in the offer and names each publisher's stream after its connection id.
                  const sdp = streamId ? sfu.localDescription.sdp.replaceAll(streamId, PUBLISHER) : sfu.localDescription.sdp;
                  ws.deliver({ type: 'offer', sdp, connection_id: CLIENT, client_id: CLIENT, session_id: 'fakesession',
                    simulcast: false, spotlight: false, mid: m.role === 'sendonly' ? { audio: '0', video: '1' } : undefined });
                } else if (m.type === 'answer') {
                  await fake.sfu.setRemoteDescription({ type: 'answer', sdp: m.sdp });
                  ws.deliver({ type: 'notify', event_type: 'connection.created', connection_id: CLIENT, role: 'sendonly',
                    channel_connections: 1 });
                } else if (m.type === 'candidate') {
                  await fake.sfu.addIceCandidate({ candidate: m.candidate, sdpMid: m.sdpMid, sdpMLineIndex: m.sdpMLineIndex });
                } else if (m.type === 'disconnect') {
                  fake.sfu && fake.sfu.close();
                  ws.close(1000, 'NO-ERROR');
                }
              }

              fake.dropConnection = () => {
                fake.sfu.close();
                fake.ws.close(1011, 'INTERNAL-ERROR');
              };
              fake.destroyPublisher = () => fake.ws.deliver({ type: 'notify', event_type: 'connection.destroyed',
                connection_id: PUBLISHER, role: 'sendonly', channel_connections: 1 });
            })();
            """.formatted(PUBLISHER_STREAM_ID, CLIENT_CONNECTION_ID);

    private FakeSoraSignaling() {
    }

    /** Installs the fake in the loaded page; sora-js-sdk opens its WebSocket only on connect, so this is in time. */
    static void install(HeadlessChromium browser) {
        browser.driver().executeScript(SCRIPT);
    }
}
