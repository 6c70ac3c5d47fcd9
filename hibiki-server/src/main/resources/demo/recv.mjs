// recv.html: plays every stream of a channel with Sora's recvonly role.
import Sora from './vendor/sora.mjs';
import { createDemo, parseMetadata, everySecond, remoteVideos, receiverStats, mediaArrival } from './demo.mjs';

const ui = createDemo('recv');
const { demo } = ui;
const form = document.getElementById('settings');
const remote = remoteVideos(ui, document.getElementById('remote'));
let session = null; // the connection in progress or established: { recvonly, stopStats, cancelled }

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
  demo.role = 'recvonly';
  ui.setState('connecting');
  const current = (session = { recvonly: null, stopStats: () => {}, cancelled: false });
  try {
    const options = { audio: true, video: true };
    if (s.videoCodecType) options.videoCodecType = s.videoCodecType;
    if (s.dataChannelSignaling) options.dataChannelSignaling = true;
    if (s.ignoreDisconnectWebSocket) options.ignoreDisconnectWebSocket = true;
    const recvonly = Sora.connection(s.soraUrl, s.debug).recvonly(s.channelId, parseMetadata(s.metadata), options);
    current.recvonly = recvonly;
    ui.watch(recvonly, { onNotify: remote.onNotify, onClosed: () => stopMedia(current) });
    remote.watch(recvonly);
    await recvonly.connect();
    if (current.cancelled) return;
    demo.connectionId = recvonly.connectionId;
    ui.log('connected', { connectionId: demo.connectionId });
    ui.setState('connected');
    const arrival = mediaArrival(ui);
    current.stopStats = everySecond(() => recvonly.pc, (report) => {
      const stats = receiverStats(report);
      arrival(stats);
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

/** Stops what the page itself holds for the connection and clears what it showed: stats and remote videos. */
function stopMedia(current) {
  if (session === current) session = null;
  current.stopStats();
  ui.clearStats();
  remote.removeAll();
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

form.addEventListener('submit', (e) => {
  e.preventDefault();
  connect();
});
form.elements.disconnect.addEventListener('click', disconnect);
demo.connect = connect;
demo.disconnect = disconnect;
if (ui.settings.autoconnect) connect();
