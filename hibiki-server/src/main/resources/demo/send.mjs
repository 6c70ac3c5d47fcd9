// send.html: publishes the camera and microphone to a channel with Sora's sendonly role, or with role=sendrecv
// also plays the channel's other streams (multistream channels).
import Sora from './vendor/sora.mjs';
import {
  createDemo, parseMetadata, everySecond, codecOf, transportStats, remoteVideos, receiverStats, mediaArrival,
} from './demo.mjs';
import { drawClock } from './clock-pattern.mjs';

const ui = createDemo('send');
const { demo } = ui;
demo.generatedAudio = null;
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
    const source = new URLSearchParams(location.search).get('source');
    if (source === 'sync-pattern') current.stream = syncPattern(current);
    else if (source === 'clock') current.stream = clockPattern(current);
    else current.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    if (current.cancelled) return stopMedia(current);
    localVideo.srcObject = current.stream;
    const options = { audio: true, video: true };
    if (s.videoCodecType) options.videoCodecType = s.videoCodecType;
    if (s.dataChannelSignaling) options.dataChannelSignaling = true;
    if (s.ignoreDisconnectWebSocket) options.ignoreDisconnectWebSocket = true;
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

/**
 * Stops what the page itself holds for the connection and clears what it showed of it: the stats loop and figures,
 * the camera, the preview, remote videos.
 */
function stopMedia(current) {
  if (session === current) session = null;
  current.stopStats();
  ui.clearStats();
  if (current.stream) current.stream.getTracks().forEach((t) => t.stop());
  if (current.stopPattern) current.stopPattern();
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

/**
 * The AudioContext of a generated source. Browsers start an AudioContext only once the user has clicked or typed on
 * the page (autoplay policy): one made while the page connects by itself (autoconnect=1) stays suspended, and its
 * track carries nothing. Then the page says so (#audio-notice, with a button) and starts it at the first click or key
 * press anywhere. hibikiDemo.generatedAudio is its state ('suspended', 'running', 'closed' once the connection
 * ended; null before there is one).
 */
function generatedAudio(current) {
  const audio = new AudioContext();
  const notice = document.getElementById('audio-notice');
  const start = () => {
    if (audio.state === 'suspended') audio.resume();
  };
  const show = () => {
    demo.generatedAudio = audio.state;
    notice.hidden = audio.state !== 'suspended';
  };
  audio.addEventListener('statechange', () => {
    ui.log('generated-audio', { state: audio.state });
    show();
  });
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, start, true);
  // a context the browser lets start is 'suspended' for a moment too: only one still held then gets the notice
  const check = setTimeout(show, 500);
  demo.generatedAudio = audio.state;
  current.stopAudio = () => {
    clearTimeout(check);
    for (const type of ['pointerdown', 'keydown']) document.removeEventListener(type, start, true);
    audio.close();
    notice.hidden = true;
  };
  return audio;
}

/**
 * ?source=sync-pattern: instead of the camera, a black picture that flashes white for 100 ms at every whole second
 * together with a 1 kHz beep, both timed by one AudioContext clock: a stream whose lip sync can be checked
 * downstream (the HLS tests compare the flashes and beeps in the segments).
 */
function syncPattern(current) {
  const audio = generatedAudio(current);
  const beep = audio.createOscillator();
  beep.frequency.value = 1000;
  const gate = audio.createGain();
  gate.gain.value = 0;
  const out = audio.createMediaStreamDestination();
  beep.connect(gate).connect(out);
  beep.start();
  for (let k = 1; k < 3600; k++) {
    gate.gain.setValueAtTime(0.5, k);
    gate.gain.setValueAtTime(0, k + 0.1);
  }
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d');
  const draw = () => {
    const t = audio.currentTime;
    g.fillStyle = t >= 1 && t % 1 < 0.1 ? '#fff' : '#000';
    g.fillRect(0, 0, canvas.width, canvas.height);
  };
  const timer = setInterval(draw, 10);
  const stream = canvas.captureStream(30);
  out.stream.getAudioTracks().forEach((t) => stream.addTrack(t));
  current.stopPattern = () => {
    clearInterval(timer);
    current.stopAudio();
  };
  return stream;
}

/**
 * ?source=clock: instead of the camera, this page's Date.now() drawn into every frame as the machine-readable
 * pattern of clock-pattern.mjs (hls.html reads it back to show the glass-to-glass delay), with a quiet 440 Hz tone
 * so that the stream has audio.
 */
function clockPattern(current) {
  const audio = generatedAudio(current);
  const tone = audio.createOscillator();
  tone.frequency.value = 440;
  const gain = audio.createGain();
  gain.gain.value = 0.05;
  const out = audio.createMediaStreamDestination();
  tone.connect(gain).connect(out);
  tone.start();
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d');
  // redrawn far more often than the 30 fps capture, so a captured frame shows a time at most ~5 ms old
  const timer = setInterval(() => drawClock(g, canvas.width, canvas.height, Date.now()), 5);
  const stream = canvas.captureStream(30);
  out.stream.getAudioTracks().forEach((t) => stream.addTrack(t));
  current.stopPattern = () => {
    clearInterval(timer);
    current.stopAudio();
  };
  return stream;
}
