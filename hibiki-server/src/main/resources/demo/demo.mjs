// What send.html and recv.html share: settings from the query string or the form, the visible status and event
// log, the stats loop, and window.hibikiDemo, the machine-readable state that browser tests read.
import Sora from './vendor/sora.mjs';

const MAX_EVENTS = 200;
const VIDEO_CODECS = ['VP8', 'VP9', 'H264', 'AV1'];

/** Settings from the query string: channel_id, sora_url, video_codec_type, metadata, autoconnect, debug. */
export function readSettings() {
  const q = new URLSearchParams(location.search);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const codec = (q.get('video_codec_type') || '').toUpperCase();
  return {
    channelId: q.get('channel_id') || '',
    soraUrl: q.get('sora_url') || `${scheme}://${location.host}/signaling`,
    videoCodecType: VIDEO_CODECS.includes(codec) ? codec : '',
    metadata: q.get('metadata') || '',
    autoconnect: q.get('autoconnect') === '1',
    debug: q.get('debug') === '1',
  };
}

/** The metadata field as Sora wants it: parsed JSON when it is JSON, the plain string otherwise. */
export function parseMetadata(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Creates window.hibikiDemo and binds it to the page's form, status line, log and stats panel.
 * state: 'idle' | 'connecting' | 'connected' | 'error' | 'closed'.
 */
export function createDemo(page) {
  const started = performance.now();
  const form = document.getElementById('settings');
  const statusEl = document.getElementById('status');
  const logEl = document.getElementById('log');
  const statsEl = document.getElementById('stats');

  const demo = {
    page,
    sdkVersion: Sora.version(),
    sdkHasConnection: typeof Sora.connection === 'function',
    state: 'idle',
    error: null,
    channelId: null,
    signalingUrl: null,
    connectionId: null,
    remoteStreams: [],
    stats: {},
    events: [],
  };

  const settings = readSettings();
  form.elements.channel_id.value = settings.channelId;
  form.elements.sora_url.value = settings.soraUrl;
  form.elements.video_codec_type.value = settings.videoCodecType;
  form.elements.metadata.value = settings.metadata;

  const ui = {
    demo,
    settings,

    /** The form's current values, also written back to the address bar so a reload keeps them. */
    formSettings() {
      const f = form.elements;
      const s = {
        ...settings,
        channelId: f.channel_id.value.trim(),
        soraUrl: f.sora_url.value.trim(),
        videoCodecType: f.video_codec_type.value,
        metadata: f.metadata.value.trim(),
      };
      const q = new URLSearchParams(location.search);
      q.set('channel_id', s.channelId);
      q.set('sora_url', s.soraUrl);
      s.videoCodecType ? q.set('video_codec_type', s.videoCodecType) : q.delete('video_codec_type');
      s.metadata ? q.set('metadata', s.metadata) : q.delete('metadata');
      q.delete('autoconnect');
      history.replaceState(null, '', `${location.pathname}?${q}`);
      return s;
    },

    setState(state, error) {
      demo.state = state;
      demo.error = error === undefined ? null : String(error);
      statusEl.textContent = demo.error ? `${state}: ${demo.error}` : state;
      statusEl.className = `status ${state}`;
      form.elements.connect.disabled = state === 'connecting' || state === 'connected';
      form.elements.disconnect.disabled = !(state === 'connecting' || state === 'connected');
      ui.log('state', { state, error: demo.error });
    },

    /** Records an event in hibikiDemo.events (bounded) and in the visible log. */
    log(type, detail = {}) {
      const event = { ...detail, t: Math.round(performance.now() - started), type };
      demo.events.push(event);
      if (demo.events.length > MAX_EVENTS) demo.events.shift();
      const li = document.createElement('li');
      li.textContent = `${(event.t / 1000).toFixed(1)}s ${type} ${JSON.stringify(detail)}`;
      logEl.prepend(li);
      while (logEl.children.length > MAX_EVENTS) logEl.lastChild.remove();
    },

    showStats(stats) {
      demo.stats = stats;
      statsEl.textContent = JSON.stringify(stats, null, 2);
    },

    /**
     * Wires the Sora callbacks every role shares into the log and the state. sora-js-sdk keeps one callback per
     * event, so pages pass their own notify handling here (onNotify) instead of calling on('notify') again.
     * onClosed runs when the SDK reports the connection gone (server disconnect, network failure).
     */
    watch(connection, { onNotify = () => {}, onClosed = () => {} } = {}) {
      connection.on('notify', (message) => {
        const { event_type, connection_id, role, channel_connections } = message;
        ui.log('notify', { event_type, connection_id, role, channel_connections });
        onNotify(message);
      });
      connection.on('signaling', (event) => ui.log('signaling', { kind: event.type, transport: event.transportType }));
      connection.on('timeout', () => ui.setState('error', 'connection timeout'));
      connection.on('disconnect', (event) => {
        ui.log('disconnect', { kind: event.type, code: event.code, reason: event.reason, title: event.title });
        if (event.type === 'abend') {
          ui.setState('error', event.title || event.reason || 'connection lost');
        } else if (demo.state !== 'error' && demo.state !== 'closed') {
          ui.setState('closed');
        }
        onClosed();
      });
    },
  };

  window.addEventListener('error', (e) => ui.log('page-error', { message: e.message }));
  window.addEventListener('unhandledrejection', (e) => ui.log('page-error', { message: String(e.reason) }));
  window.hibikiDemo = demo;
  ui.setState('idle');
  return ui;
}

/** Calls collect(report) with pc.getStats() once a second until stop() is called or pc() returns null. */
export function everySecond(pc, collect) {
  let timer = null;
  const tick = async () => {
    const peer = pc();
    if (peer) {
      try {
        collect(await peer.getStats());
      } catch {
        // the connection closed between two ticks
      }
    }
    timer = setTimeout(tick, 1000);
  };
  tick();
  return () => clearTimeout(timer);
}

/** "video/VP8" for an RTP stats entry, from the codec entry it points to. */
export function codecOf(report, entry) {
  const codec = entry.codecId ? report.get(entry.codecId) : null;
  return codec ? codec.mimeType : null;
}

/** The selected ICE candidate pair, for both roles. */
export function transportStats(report) {
  for (const s of report.values()) {
    if (s.type === 'transport' && s.selectedCandidatePairId) {
      const pair = report.get(s.selectedCandidatePairId);
      if (!pair) break;
      const local = report.get(pair.localCandidateId);
      const remote = report.get(pair.remoteCandidateId);
      return {
        dtlsState: s.dtlsState,
        pairState: pair.state,
        currentRoundTripTime: pair.currentRoundTripTime ?? null,
        local: local ? `${local.address}:${local.port}/${local.protocol}` : null,
        remote: remote ? `${remote.address}:${remote.port}/${remote.protocol}` : null,
      };
    }
  }
  return null;
}
