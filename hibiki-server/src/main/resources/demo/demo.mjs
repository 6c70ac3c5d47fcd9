// What send.html and recv.html share: settings from the query string or the form, the visible status and event
// log, the stats loop, and window.hibikiDemo, the machine-readable state that browser tests read.
import Sora from './vendor/sora.mjs';

const MAX_EVENTS = 200;
const VIDEO_CODECS = ['VP8', 'VP9', 'H264', 'AV1'];
const SEND_ROLES = ['sendonly', 'sendrecv'];
/** What the close reasons a newcomer meets mean (docs/API.md, the signaling close codes). */
const CLOSE_REASONS = {
  'DISCONNECTED-API': 'the channel was deleted, or the Sora API disconnected this connection',
  'TYPE-DISCONNECT': 'the client sent disconnect',
  'SERVER-SHUTDOWN': 'the server is stopping',
};

/**
 * The status line's words for the SDK's disconnect event: who ended the connection, the WebSocket close code and
 * reason, and what a known reason means.
 */
export function describeClose(event) {
  const codeAndReason = [event.code, event.reason].filter((v) => v != null && v !== '').join(' ');
  const meaning = CLOSE_REASONS[event.reason];
  const why = codeAndReason ? `${codeAndReason}${meaning ? ` (${meaning})` : ''}` : '';
  if (event.type === 'abend') return `${event.title || 'connection lost'}${why ? `: ${why}` : ''}`;
  // sora-js-sdk titles a close the page's disconnect() started DISCONNECT, a 1000 close from the server SHUTDOWN
  const who = event.title === 'DISCONNECT' ? 'this page disconnected' : 'the server closed the connection';
  return why ? `${who}: ${why}` : who;
}

/**
 * Settings from the query string: channel_id, sora_url, video_codec_type, metadata, autoconnect, debug,
 * data_channel_signaling and ignore_disconnect_websocket (1 turns them on), and for send.html role (sendonly, the
 * default, or sendrecv).
 */
export function readSettings() {
  const q = new URLSearchParams(location.search);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const codec = (q.get('video_codec_type') || '').toUpperCase();
  const role = (q.get('role') || '').toLowerCase();
  return {
    channelId: q.get('channel_id') || '',
    soraUrl: q.get('sora_url') || `${scheme}://${location.host}/signaling`,
    videoCodecType: VIDEO_CODECS.includes(codec) ? codec : '',
    role: SEND_ROLES.includes(role) ? role : 'sendonly',
    metadata: q.get('metadata') || '',
    autoconnect: q.get('autoconnect') === '1',
    dataChannelSignaling: q.get('data_channel_signaling') === '1',
    ignoreDisconnectWebSocket: q.get('ignore_disconnect_websocket') === '1',
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
 * state: 'idle' | 'connecting' | 'connected' | 'error' | 'closed'; error: what went wrong in state 'error'.
 * role: the Sora role of the page's connection. closeEvent: what the SDK's disconnect callback last reported
 * ({kind, title, code, reason}), null before; the status line says it in words.
 */
export function createDemo(page) {
  const started = performance.now();
  const form = document.getElementById('settings');
  const statusEl = document.getElementById('status');
  const logEl = document.getElementById('log');
  const statsEl = document.getElementById('stats');

  let eventCount = 0;
  const demo = {
    page,
    sdkVersion: Sora.version(),
    sdkHasConnection: typeof Sora.connection === 'function',
    state: 'idle',
    error: null,
    role: null,
    closeEvent: null,
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
  if (form.elements.role) form.elements.role.value = settings.role;

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
        role: f.role ? f.role.value : settings.role,
      };
      const q = new URLSearchParams(location.search);
      q.set('channel_id', s.channelId);
      q.set('sora_url', s.soraUrl);
      s.videoCodecType ? q.set('video_codec_type', s.videoCodecType) : q.delete('video_codec_type');
      s.metadata ? q.set('metadata', s.metadata) : q.delete('metadata');
      if (f.role) s.role !== 'sendonly' ? q.set('role', s.role) : q.delete('role');
      q.delete('autoconnect');
      history.replaceState(null, '', `${location.pathname}?${q}`);
      return s;
    },

    /** detail: shown after the state; in state 'error' also hibikiDemo.error. */
    setState(state, detail) {
      const text = detail === undefined || detail === null ? null : String(detail);
      demo.state = state;
      demo.error = state === 'error' ? text : null;
      statusEl.textContent = text ? `${state}: ${text}` : state;
      statusEl.className = `status ${state}`;
      form.elements.connect.disabled = state === 'connecting' || state === 'connected';
      form.elements.disconnect.disabled = !(state === 'connecting' || state === 'connected');
      ui.log('state', text ? { state, detail: text } : { state });
    },

    /**
     * Records an event in hibikiDemo.events (bounded) and in the visible log, numbered in order of arrival (the
     * newest on top).
     */
    log(type, detail = {}) {
      const event = { ...detail, t: Math.round(performance.now() - started), type };
      demo.events.push(event);
      if (demo.events.length > MAX_EVENTS) demo.events.shift();
      const li = document.createElement('li');
      li.textContent = `${++eventCount}. ${(event.t / 1000).toFixed(1)}s ${type} ${JSON.stringify(detail)}`;
      logEl.prepend(li);
      while (logEl.children.length > MAX_EVENTS) logEl.lastChild.remove();
    },

    showStats(stats) {
      demo.stats = stats;
      statsEl.textContent = JSON.stringify(stats, null, 2);
    },

    /** Once the connection is gone: no figures of it stay on screen as if they were current. */
    clearStats() {
      demo.stats = {};
      statsEl.textContent = '';
    },

    /**
     * Wires the Sora callbacks every role shares into the log and the state. sora-js-sdk keeps one callback per
     * event, so pages pass their own notify handling here (onNotify) instead of calling on('notify') again.
     * onClosed runs when the SDK reports the connection gone (server disconnect, network failure).
     */
    watch(connection, { onNotify = () => {}, onClosed = () => {} } = {}) {
      connection.on('notify', (message) => {
        const { event_type, connection_id, role, channel_connections } = message;
        const detail = { event_type, connection_id, role, channel_connections };
        // connection.created to the newcomer itself lists the connections already in the channel.
        if (Array.isArray(message.data)) {
          detail.data = message.data.map(({ connection_id, client_id }) => ({ connection_id, client_id }));
        }
        ui.log('notify', detail);
        onNotify(message);
      });
      connection.on('signaling', (event) => {
        const detail = { kind: event.type, transport: event.transportType };
        // The SDK reports an exception (e.g. a re-offer it could not apply) as the event's data, a message.
        if (typeof event.data === 'string') detail.message = event.data;
        ui.log('signaling', detail);
      });
      // Messages an application server sends with the Sora push API (PushChannel, PushConnection, ...).
      connection.on('push', (message) => ui.log('push', { data: message.data }));
      connection.on('timeout', () => ui.setState('error', 'connection timeout'));
      connection.on('disconnect', (event) => {
        demo.closeEvent = { kind: event.type, title: event.title ?? null, code: event.code ?? null,
          reason: event.reason ?? null };
        ui.log('disconnect', { kind: event.type, code: event.code, reason: event.reason, title: event.title });
        if (event.type === 'abend') {
          ui.setState('error', describeClose(event));
        } else if (demo.state !== 'error') {
          ui.setState('closed', describeClose(event));
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

/**
 * Calls collect(report) with pc.getStats() once a second (while pc() returns a connection) until stop() is called;
 * a report that arrives after stop() is dropped, so it cannot bring back figures the page cleared.
 */
export function everySecond(pc, collect) {
  let timer = null;
  let stopped = false;
  const tick = async () => {
    const peer = pc();
    if (peer) {
      try {
        const report = await peer.getStats();
        if (!stopped) collect(report);
      } catch {
        // the connection closed between two ticks
      }
    }
    if (!stopped) timer = setTimeout(tick, 1000);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
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
        // host, srflx, prflx or relay; a relay's relayProtocol is how the browser reaches its TURN server
        localType: local ? local.candidateType : null,
        remoteType: remote ? remote.candidateType : null,
        relayProtocol: local && local.relayProtocol ? local.relayProtocol : null,
      };
    }
  }
  return null;
}

/**
 * The remote streams of a receiving connection as muted videos in container, their ids in hibikiDemo.remoteStreams
 * (Sora names a publisher's stream after its connection id). watch(connection) wires the SDK's track events and
 * removes a stream when its connection is destroyed; removeAll() clears everything on disconnect.
 */
export function remoteVideos(ui, container) {
  const { demo } = ui;

  function add(stream) {
    if (demo.remoteStreams.includes(stream.id)) return;
    const figure = document.createElement('figure');
    figure.dataset.streamId = stream.id;
    const video = document.createElement('video');
    Object.assign(video, { autoplay: true, playsInline: true, muted: true, controls: true, srcObject: stream });
    const caption = document.createElement('figcaption');
    caption.textContent = stream.id;
    figure.append(video, caption);
    container.append(figure);
    demo.remoteStreams.push(stream.id);
    ui.log('stream-added', { streamId: stream.id });
  }

  function remove(streamId) {
    const index = demo.remoteStreams.indexOf(streamId);
    if (index < 0) return;
    demo.remoteStreams.splice(index, 1);
    for (const figure of container.querySelectorAll('figure')) {
      if (figure.dataset.streamId === streamId) {
        figure.querySelector('video').srcObject = null;
        figure.remove();
      }
    }
    ui.log('stream-removed', { streamId });
  }

  return {
    remove,
    removeAll() {
      for (const id of [...demo.remoteStreams]) remove(id);
    },
    /** For ui.watch's onNotify: a destroyed connection's stream goes away. */
    onNotify(message) {
      if (message.event_type === 'connection.destroyed' && message.connection_id) remove(message.connection_id);
    },
    watch(connection) {
      connection.on('track', (event) => {
        ui.log('track', { kind: event.track.kind, streams: event.streams.map((st) => st.id) });
        for (const stream of event.streams) add(stream);
      });
      connection.on('removetrack', (event) => {
        const stream = event.target;
        ui.log('removetrack', { kind: event.track.kind, streamId: stream.id });
        if (stream.getTracks().length === 0) remove(stream.id);
      });
    },
  };
}

/**
 * Inbound RTP counters summed per kind, each track's own entry, and the selected candidate pair. audio.audioLevel is
 * the loudest track's (0..1, 1 = full scale) as played out, so 0 while its video is muted: samples alone may be
 * silence.
 */
export function receiverStats(report) {
  const video = { framesDecoded: 0, framesReceived: 0, framesDropped: 0, packetsReceived: 0, packetsLost: 0,
    nackCount: 0, pliCount: 0, bytesReceived: 0, jitter: 0, codecs: [] };
  const audio = { totalSamplesReceived: 0, concealedSamples: 0, audioLevel: 0, packetsReceived: 0, packetsLost: 0,
    nackCount: 0, bytesReceived: 0, jitter: 0, codecs: [] };
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
      audio.audioLevel = Math.max(audio.audioLevel, r.audioLevel || 0);
      Object.assign(track, { totalSamplesReceived: r.totalSamplesReceived, audioLevel: r.audioLevel });
    }
    tracks.push(track);
  }
  return { video, audio, tracks, transport: transportStats(report) };
}

/**
 * For one receiving connection: logs 'first-video-frame' and 'first-audio' the first time its inbound stats show a
 * decoded frame or received audio samples (time to media, at the stats loop's one-second resolution).
 */
export function mediaArrival(ui) {
  let video = false;
  let audio = false;
  return (received) => {
    if (!video && received.video.framesDecoded > 0) {
      video = true;
      ui.log('first-video-frame', { framesDecoded: received.video.framesDecoded, codecs: received.video.codecs });
    }
    if (!audio && received.audio.totalSamplesReceived > 0) {
      audio = true;
      ui.log('first-audio', { totalSamplesReceived: received.audio.totalSamplesReceived });
    }
  };
}
