// recv.html: plays every stream of a channel with Sora's recvonly role.
import Sora from './vendor/sora.mjs';
import { createDemo, parseMetadata, everySecond, codecOf, transportStats } from './demo.mjs';

const ui = createDemo('recv');
const { demo } = ui;
const form = document.getElementById('settings');
const remote = document.getElementById('remote');
let session = null; // the connection in progress or established: { recvonly, stopStats, cancelled }

function addStream(stream) {
  if (demo.remoteStreams.includes(stream.id)) return;
  const figure = document.createElement('figure');
  figure.dataset.streamId = stream.id;
  const video = document.createElement('video');
  Object.assign(video, { autoplay: true, playsInline: true, muted: true, controls: true, srcObject: stream });
  const caption = document.createElement('figcaption');
  caption.textContent = stream.id;
  figure.append(video, caption);
  remote.append(figure);
  demo.remoteStreams.push(stream.id);
  ui.log('stream-added', { streamId: stream.id });
}

function removeStream(streamId) {
  const index = demo.remoteStreams.indexOf(streamId);
  if (index < 0) return;
  demo.remoteStreams.splice(index, 1);
  for (const figure of remote.querySelectorAll('figure')) {
    if (figure.dataset.streamId === streamId) {
      figure.querySelector('video').srcObject = null;
      figure.remove();
    }
  }
  ui.log('stream-removed', { streamId });
}

function removeAllStreams() {
  for (const id of [...demo.remoteStreams]) removeStream(id);
}

async function connect() {
  if (session) return;
  const s = ui.formSettings();
  if (!s.channelId) {
    ui.setState('error', 'channel_id is required');
    return;
  }
  demo.channelId = s.channelId;
  demo.signalingUrl = s.soraUrl;
  demo.connectionId = null;
  ui.setState('connecting');
  const current = (session = { recvonly: null, stopStats: () => {}, cancelled: false });
  try {
    const options = { audio: true, video: true };
    if (s.videoCodecType) options.videoCodecType = s.videoCodecType;
    const recvonly = Sora.connection(s.soraUrl, s.debug).recvonly(s.channelId, parseMetadata(s.metadata), options);
    current.recvonly = recvonly;
    ui.watch(recvonly, {
      onNotify: (message) => {
        // Sora names a publisher's stream after its connection id.
        if (message.event_type === 'connection.destroyed' && message.connection_id) removeStream(message.connection_id);
      },
      onClosed: () => stopMedia(current),
    });
    recvonly.on('track', (event) => {
      ui.log('track', { kind: event.track.kind, streams: event.streams.map((st) => st.id) });
      for (const stream of event.streams) addStream(stream);
    });
    recvonly.on('removetrack', (event) => {
      const stream = event.target;
      ui.log('removetrack', { kind: event.track.kind, streamId: stream.id });
      if (stream.getTracks().length === 0) removeStream(stream.id);
    });
    await recvonly.connect();
    if (current.cancelled) return;
    demo.connectionId = recvonly.connectionId;
    ui.log('connected', { connectionId: demo.connectionId });
    ui.setState('connected');
    current.stopStats = everySecond(() => recvonly.pc, (report) => ui.showStats(receiverStats(report)));
  } catch (e) {
    if (current.cancelled) return;
    await release(current);
    ui.setState('error', e && e.message ? e.message : e);
  }
}

async function disconnect() {
  const current = session;
  if (!current) return;
  current.cancelled = true;
  await release(current);
  if (demo.state !== 'closed') ui.setState('closed'); // the SDK's disconnect callback may have said so already
}

/** Stops what the page itself holds for the connection: the stats loop and the remote videos. */
function stopMedia(current) {
  if (session === current) session = null;
  current.stopStats();
  removeAllStreams();
}

async function release(current) {
  stopMedia(current);
  if (!current.recvonly) return;
  try {
    await current.recvonly.disconnect();
  } catch (e) {
    ui.log('disconnect-failed', { message: String(e) });
  }
}

/** Inbound RTP counters summed per kind, each track's own entry, and the selected candidate pair. */
function receiverStats(report) {
  const video = { framesDecoded: 0, framesReceived: 0, framesDropped: 0, packetsReceived: 0, packetsLost: 0,
    nackCount: 0, pliCount: 0, bytesReceived: 0, jitter: 0, codecs: [] };
  const audio = { totalSamplesReceived: 0, concealedSamples: 0, packetsReceived: 0, packetsLost: 0, nackCount: 0,
    bytesReceived: 0, jitter: 0, codecs: [] };
  const tracks = [];
  for (const r of report.values()) {
    if (r.type !== 'inbound-rtp') continue;
    const codec = codecOf(report, r);
    const acc = r.kind === 'video' ? video : audio;
    if (codec && !acc.codecs.includes(codec)) acc.codecs.push(codec);
    acc.packetsReceived += r.packetsReceived || 0;
    acc.packetsLost += r.packetsLost || 0;
    acc.nackCount += r.nackCount || 0;
    acc.bytesReceived += r.bytesReceived || 0;
    acc.jitter = Math.max(acc.jitter, r.jitter || 0);
    const track = { kind: r.kind, trackIdentifier: r.trackIdentifier, mid: r.mid, ssrc: r.ssrc, codec,
      packetsReceived: r.packetsReceived, packetsLost: r.packetsLost, jitter: r.jitter, nackCount: r.nackCount };
    if (r.kind === 'video') {
      video.framesDecoded += r.framesDecoded || 0;
      video.framesReceived += r.framesReceived || 0;
      video.framesDropped += r.framesDropped || 0;
      video.pliCount += r.pliCount || 0;
      Object.assign(track, { framesDecoded: r.framesDecoded, frameWidth: r.frameWidth, frameHeight: r.frameHeight,
        framesPerSecond: r.framesPerSecond });
    } else {
      audio.totalSamplesReceived += r.totalSamplesReceived || 0;
      audio.concealedSamples += r.concealedSamples || 0;
      track.totalSamplesReceived = r.totalSamplesReceived;
    }
    tracks.push(track);
  }
  return { video, audio, tracks, transport: transportStats(report) };
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  connect();
});
form.elements.disconnect.addEventListener('click', disconnect);
demo.connect = connect;
demo.disconnect = disconnect;
if (ui.settings.autoconnect) connect();
