// send.html: publishes the camera and microphone to a channel with Sora's sendonly role, or with role=sendrecv
// also plays the channel's other streams (multistream channels).
import Sora from './vendor/sora.mjs';
import {
  createDemo, parseMetadata, everySecond, codecOf, transportStats, remoteVideos, receiverStats, mediaArrival,
} from './demo.mjs';

const ui = createDemo('send');
const { demo } = ui;
const form = document.getElementById('settings');
const localVideo = document.getElementById('local');
const remoteEl = document.getElementById('remote');
const remote = remoteVideos(ui, remoteEl);
// The connection in progress or established: { connection (the Sora connection, either role), stream,
// stopStats, cancelled }.
let session = null;

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
  demo.closeEvent = null;
  demo.role = s.role;
  remoteEl.hidden = s.role !== 'sendrecv';
  ui.setState('connecting');
  const current = (session = { connection: null, stream: null, stopStats: () => {}, cancelled: false });
  try {
    current.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    if (current.cancelled) return stopMedia(current);
    localVideo.srcObject = current.stream;
    const options = { audio: true, video: true };
    if (s.videoCodecType) options.videoCodecType = s.videoCodecType;
    const sora = Sora.connection(s.soraUrl, s.debug);
    const receives = s.role === 'sendrecv';
    current.connection = receives
      ? sora.sendrecv(s.channelId, parseMetadata(s.metadata), options)
      : sora.sendonly(s.channelId, parseMetadata(s.metadata), options);
    ui.watch(current.connection, { onNotify: remote.onNotify, onClosed: () => stopMedia(current) });
    if (receives) remote.watch(current.connection);
    await current.connection.connect(current.stream);
    if (current.cancelled) return;
    demo.connectionId = current.connection.connectionId;
    ui.log('connected', { connectionId: demo.connectionId });
    ui.setState('connected');
    const arrival = mediaArrival(ui);
    current.stopStats = everySecond(() => current.connection.pc, (report) => {
      const stats = senderStats(report);
      if (receives) {
        stats.received = receiverStats(report);
        arrival(stats.received);
      }
      ui.showStats(stats);
    });
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

/** Stops what the page itself holds for the connection: the stats loop, the camera, the preview, remote videos. */
function stopMedia(current) {
  if (session === current) session = null;
  current.stopStats();
  if (current.stream) current.stream.getTracks().forEach((t) => t.stop());
  localVideo.srcObject = null;
  remote.removeAll();
}

async function release(current) {
  stopMedia(current);
  if (!current.connection) return;
  try {
    await current.connection.disconnect();
  } catch (e) {
    ui.log('disconnect-failed', { message: String(e) });
  }
}

/**
 * Outbound RTP counters per kind (summed over simulcast layers) and the selected candidate pair. nackCount and
 * retransmittedPacketsSent show the server's loss recovery on this leg (the NACKs it sent, what they resent).
 */
function senderStats(report) {
  const stats = { video: null, audio: null, transport: transportStats(report) };
  for (const r of report.values()) {
    if (r.type !== 'outbound-rtp') continue;
    const kind = r.kind;
    const acc = (stats[kind] ||= { codec: codecOf(report, r), bytesSent: 0, packetsSent: 0, nackCount: 0,
      retransmittedPacketsSent: 0 });
    acc.bytesSent += r.bytesSent || 0;
    acc.packetsSent += r.packetsSent || 0;
    acc.nackCount += r.nackCount || 0;
    acc.retransmittedPacketsSent += r.retransmittedPacketsSent || 0;
    if (kind === 'video') {
      acc.framesSent = (acc.framesSent || 0) + (r.framesSent || 0);
      acc.framesEncoded = (acc.framesEncoded || 0) + (r.framesEncoded || 0);
      acc.pliCount = (acc.pliCount || 0) + (r.pliCount || 0);
      if ((r.frameWidth || 0) >= (acc.frameWidth || 0)) {
        acc.frameWidth = r.frameWidth;
        acc.frameHeight = r.frameHeight;
        acc.framesPerSecond = r.framesPerSecond;
      }
      acc.qualityLimitationReason = r.qualityLimitationReason;
    }
  }
  return stats;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  connect();
});
form.elements.disconnect.addEventListener('click', disconnect);
demo.connect = connect;
demo.disconnect = disconnect;
if (ui.settings.autoconnect) connect();
