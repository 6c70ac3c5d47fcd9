// hls.html: plays an HLS playlist (e.g. a channel's playlist_url) with hls.js, lets the viewer pick a rendition and
// shows the live latency; when the video carries send.html?source=clock's pattern, also the glass-to-glass delay.
// Before anyone publishes it waits for the broadcast, asking again every few seconds; a channel that was deleted or
// never existed ends the waiting. window.hibikiDemo exposes the state for tests and benchmarks. ?config={...} (JSON)
// overrides hls.js settings.
import { readClock } from './clock-pattern.mjs';

const video = document.getElementById('video');
const status = document.getElementById('status');
const form = document.getElementById('settings');
const renditions = document.getElementById('rendition');
const latencyOut = document.getElementById('latency');
const logList = document.getElementById('log');
const glassOut = document.getElementById('glass-to-glass');
/**
 * state: 'idle' | 'loading' | 'waiting' (the channel exists, nobody publishes yet: asking again every RETRY_MS) |
 * 'playing' | 'gone' (the channel was deleted or never existed: no more asking) | 'error'. playlistChecks: how often
 * the page asked for the master playlist itself; notFoundCode: the error code of the last 404 (PLAYLIST_NOT_LIVE or
 * PLAYLIST_NOT_FOUND, docs/API.md).
 * glassToGlass: { at (Date.now()), ms (at minus the time drawn into the frame shown) } of the clock pattern, oldest
 * first, the last GLASS_SAMPLES; programDateLatency: Date.now() minus hls.js's playingDate (EXT-X-PROGRAM-DATE-TIME
 * of the playhead, which Hibiki takes from the sender's clock), in ms; stalls: 'waiting' events after playback began,
 * stalledMs: how long they lasted in all; latency and targetLatency: hls.js's, in seconds.
 */
const demo = (window.hibikiDemo = {
  state: 'idle', levels: [], latency: null, error: null, events: [], config: null, playlistChecks: 0,
  notFoundCode: null, glassToGlass: [], programDateLatency: null, stalls: 0, stalledMs: 0,
});
const GLASS_SAMPLES = 3000;
const MAX_EVENTS = 200;
const RETRY_MS = 2000;
/**
 * hls.js settings. hls.js by default plays 3 target durations behind the live edge (3 s with 1 s segments; the
 * playlist's EXT-X-START only sets where playback starts) and never catches up after a stall or a slow start. Here it
 * aims at 1.5 s behind the edge and plays up to 1.2x fast to get back there: glass-to-glass ~2.2 s instead of
 * 2.8-7.2 s that grew with every hiccup (bench/hls-glass-to-glass.sh; docs/BENCHMARKS.md, "Glass-to-glass delay (HLS)").
 */
const DEFAULT_CONFIG = { liveDurationInfinity: true, liveSyncDuration: 1.5, maxLiveSyncPlaybackRate: 1.2 };
let hls = null;
let retryTimer = null;
/** Counts play() calls: a check or a player of an earlier URL sees it changed and stops. */
let generation = 0;
let eventCount = 0;

function log(type, detail) {
  const event = { t: Math.round(performance.now()), type, ...detail };
  demo.events.push(event);
  if (demo.events.length > MAX_EVENTS) demo.events.shift();
  const li = document.createElement('li');
  li.textContent = `${++eventCount}. ${(event.t / 1000).toFixed(1)}s ${type} ${detail ? JSON.stringify(detail) : ''}`;
  logList.prepend(li);
  while (logList.children.length > MAX_EVENTS) logList.lastChild.remove();
}

/** How the status line names a state, where its name alone would not say enough. */
const STATE_LABELS = { waiting: 'waiting for the broadcast', gone: 'no such channel' };

/** detail: what the status line says after the state; kept in demo.error for 'gone' and 'error'. */
function setState(state, detail) {
  demo.state = state;
  demo.error = state === 'gone' || state === 'error' ? detail || null : null;
  const label = STATE_LABELS[state] || state;
  status.textContent = detail ? `${label}: ${detail}` : label;
  status.className = `status ${state}`;
}

function play(url) {
  const run = ++generation;
  stopPlayer();
  if (!window.Hls || !window.Hls.isSupported()) {
    if (video.canPlayType('application/vnd.apple.mpegurl')) { // Safari plays HLS itself
      video.src = url;
      video.play();
      setState('playing');
      return;
    }
    setState('error', 'this browser supports neither hls.js nor native HLS');
    return;
  }
  setState('loading');
  checkPlaylist(url, run);
}

/** Also clears the figures of the playback that stopped, so none stays on screen as if it were current. */
function stopPlayer() {
  clearTimeout(retryTimer);
  if (hls) hls.destroy();
  hls = null;
  demo.latency = null;
  latencyOut.textContent = '–';
  glassOut.parentElement.hidden = true;
  renditions.replaceChildren(new Option('auto', '-1'));
}

/**
 * Asks for the master playlist before hls.js does, and again after hls.js gave up: hls.js reports a 404 only as a
 * manifestLoadError, without the body whose error code says whether waiting can help.
 */
async function checkPlaylist(url, run) {
  demo.playlistChecks++;
  let answer;
  try {
    const response = await fetch(url, { cache: 'no-store' });
    answer = response.ok ? { ok: true } : { status: response.status, ...(await errorOf(response)) };
  } catch (e) {
    answer = { status: 0, code: null, message: `the server cannot be reached (${e.message})` };
  }
  if (run !== generation) return;
  if (answer.ok) {
    startPlayer(url, run);
    return;
  }
  if (answer.status === 404) demo.notFoundCode = answer.code;
  if (answer.code === 'PLAYLIST_NOT_LIVE') {
    if (demo.state !== 'waiting') log('not-live', { message: answer.message });
    setState('waiting', `nobody is publishing to this channel yet; asking again every ${RETRY_MS / 1000} s`);
    retryTimer = setTimeout(() => checkPlaylist(url, run), RETRY_MS);
  } else if (answer.code === 'PLAYLIST_NOT_FOUND') {
    log('gone', { message: answer.message });
    setState('gone', 'it was deleted or never existed, so there is nothing to wait for (check the playlist_url)');
  } else if (answer.status === 0 || answer.status >= 500) {
    log('playlist-error', answer);
    setState('error', `${answer.message}; asking again in ${RETRY_MS / 1000} s`);
    retryTimer = setTimeout(() => checkPlaylist(url, run), RETRY_MS);
  } else {
    log('playlist-error', answer);
    setState('error', `HTTP ${answer.status}${answer.code ? ` ${answer.code}` : ''}: ${answer.message}`);
  }
}

/** { code, message } from Hibiki's JSON error body, or from the status line for any other server. */
async function errorOf(response) {
  try {
    const { error } = await response.json();
    if (error && error.code) return { code: error.code, message: error.message || '' };
  } catch {
    // not Hibiki's error shape
  }
  return { code: null, message: response.statusText || 'no playlist' };
}

function startPlayer(url, run) {
  setState('loading');
  demo.config = hlsConfig(overrides());
  hls = new window.Hls(demo.config);
  hls.on(window.Hls.Events.MANIFEST_PARSED, (_, data) => {
    demo.levels = data.levels.map((l) => ({ width: l.width, height: l.height, bitrate: l.bitrate }));
    renditions.replaceChildren(new Option('auto', '-1'));
    data.levels.forEach((l, i) => renditions.add(new Option(`${l.width}x${l.height} ${Math.round(l.bitrate / 1000)} kbps`, String(i))));
    log('manifest', { levels: demo.levels });
    video.play().catch((e) => log('play-refused', { message: String(e) }));
  });
  hls.on(window.Hls.Events.LEVEL_SWITCHED, (_, data) => log('level', { level: data.level }));
  hls.on(window.Hls.Events.ERROR, (_, data) => {
    log('hls-error', { type: data.type, details: data.details, fatal: data.fatal });
    if (!data.fatal) return;
    if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
      // e.g. the channel was deleted while playing: the playlist itself says whether to wait or to stop
      stopPlayer();
      setState('loading', 'the playlist stopped loading; asking the server why');
      retryTimer = setTimeout(() => checkPlaylist(url, run), RETRY_MS);
    } else {
      setState('error', `${data.type} ${data.details}`);
    }
  });
  hls.loadSource(url);
  hls.attachMedia(video);
}

video.addEventListener('playing', () => {
  if (!hls || demo.state === 'playing') return;
  setState('playing');
  watchClock();
});

renditions.addEventListener('change', () => {
  if (hls) hls.currentLevel = Number(renditions.value);
});

setInterval(() => {
  if (!hls || hls.latency == null || !Number.isFinite(hls.latency)) return;
  demo.latency = hls.latency;
  demo.currentTime = video.currentTime;
  demo.targetLatency = hls.targetLatency; // the configured one plus 1 s per stall (liveSyncOnStallIncrease)
  if (hls.playingDate) demo.programDateLatency = Date.now() - hls.playingDate.getTime();
  latencyOut.textContent = `${hls.latency.toFixed(1)} s`;
}, 500);

let stalledAt = null;
video.addEventListener('waiting', () => {
  if (demo.state !== 'playing' || stalledAt != null) return;
  demo.stalls++;
  stalledAt = performance.now();
  log('waiting', { currentTime: video.currentTime });
});
video.addEventListener('playing', () => {
  if (stalledAt == null) return;
  const ms = Math.round(performance.now() - stalledAt);
  demo.stalledMs += ms;
  stalledAt = null;
  log('resumed', { stalledMs: ms });
});

/**
 * The defaults with the overrides; hls.js refuses a target latency given both as a duration and as a count of
 * target durations, so overriding one form drops the defaults of the other.
 */
function hlsConfig(overriding) {
  const config = { ...DEFAULT_CONFIG, ...overriding };
  if ('liveSyncDurationCount' in overriding || 'liveMaxLatencyDurationCount' in overriding) {
    if (!('liveSyncDuration' in overriding)) delete config.liveSyncDuration;
    if (!('liveMaxLatencyDuration' in overriding)) delete config.liveMaxLatencyDuration;
  }
  return config;
}

/** ?config= as an object, or {} (a bad one is logged). */
function overrides() {
  const text = new URLSearchParams(location.search).get('config');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    log('bad-config', { message: String(e) });
    return {};
  }
}

/**
 * Reads the clock pattern from the frames the video shows, at most every 100 ms, into demo.glassToGlass. A frame
 * without the pattern (another sender, a frame caught mid-change) gives no sample.
 */
let watchingClock = false;
function watchClock() {
  if (watchingClock) return; // playing another URL: the same video, the same loop
  watchingClock = true;
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  let last = 0;
  const read = () => {
    const now = Date.now();
    if (now - last < 100 || video.readyState < 2) return;
    last = now;
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const drawn = readClock(g.getImageData(0, 0, canvas.width, canvas.height));
    if (drawn == null) return;
    const ms = now - drawn;
    demo.glassToGlass.push({ at: now, ms });
    if (demo.glassToGlass.length > GLASS_SAMPLES) demo.glassToGlass.shift();
    glassOut.parentElement.hidden = false;
    glassOut.textContent = `${(ms / 1000).toFixed(1)} s`;
  };
  if ('requestVideoFrameCallback' in video) {
    const onFrame = () => {
      read();
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  } else {
    setInterval(read, 100);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const url = form.elements.url.value.trim();
  const query = new URLSearchParams({ url });
  const config = new URLSearchParams(location.search).get('config');
  if (config) query.set('config', config);
  history.replaceState(null, '', `?${query}`);
  play(url);
});

const initial = new URLSearchParams(location.search).get('url');
if (initial) {
  form.elements.url.value = initial;
  play(initial);
} else {
  setState('idle');
}
