// send.html: publishes the camera and microphone to a channel with Sora's sendonly role.
import Sora from './vendor/sora.mjs';
import { createDemo, parseMetadata, everySecond, codecOf, transportStats } from './demo.mjs';

const ui = createDemo('send');
const { demo } = ui;
const form = document.getElementById('settings');
const localVideo = document.getElementById('local');
let session = null; // the connection in progress or established: { sendonly, stream, stopStats, cancelled }

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
  const current = (session = { sendonly: null, stream: null, stopStats: () => {}, cancelled: false });
  try {
    current.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    if (current.cancelled) return stopMedia(current);
    localVideo.srcObject = current.stream;
    const options = { audio: true, video: true };
    if (s.videoCodecType) options.videoCodecType = s.videoCodecType;
    current.sendonly = Sora.connection(s.soraUrl, s.debug).sendonly(s.channelId, parseMetadata(s.metadata), options);
    ui.watch(current.sendonly, { onClosed: () => stopMedia(current) });
    await current.sendonly.connect(current.stream);
    if (current.cancelled) return;
    demo.connectionId = current.sendonly.connectionId;
    ui.log('connected', { connectionId: demo.connectionId });
    ui.setState('connected');
    current.stopStats = everySecond(() => current.sendonly.pc, (report) => ui.showStats(senderStats(report)));
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

/** Stops what the page itself holds for the connection: the stats loop, the camera, the preview. */
function stopMedia(current) {
  if (session === current) session = null;
  current.stopStats();
  if (current.stream) current.stream.getTracks().forEach((t) => t.stop());
  localVideo.srcObject = null;
}

async function release(current) {
  stopMedia(current);
  if (!current.sendonly) return;
  try {
    await current.sendonly.disconnect();
  } catch (e) {
    ui.log('disconnect-failed', { message: String(e) });
  }
}

/** Outbound RTP counters per kind (summed over simulcast layers) and the selected candidate pair. */
function senderStats(report) {
  const stats = { video: null, audio: null, transport: transportStats(report) };
  for (const r of report.values()) {
    if (r.type !== 'outbound-rtp') continue;
    const kind = r.kind;
    const acc = (stats[kind] ||= { codec: codecOf(report, r), bytesSent: 0, packetsSent: 0 });
    acc.bytesSent += r.bytesSent || 0;
    acc.packetsSent += r.packetsSent || 0;
    if (kind === 'video') {
      acc.framesSent = (acc.framesSent || 0) + (r.framesSent || 0);
      acc.framesEncoded = (acc.framesEncoded || 0) + (r.framesEncoded || 0);
      acc.nackCount = (acc.nackCount || 0) + (r.nackCount || 0);
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
