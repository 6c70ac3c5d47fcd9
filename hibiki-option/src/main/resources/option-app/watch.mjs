// The viewer's page: the schedule's HLS output (GET /api/view) with hls.js, or the browser's own HLS on Safari,
// a quality choice and "back to live", the chat beside it, and a clear state before the start and after the end.
import { t } from './i18n.mjs';
import { api } from './api.mjs';
import { el, show } from './dom.mjs';
import { chatPanel } from './chat.mjs';

const RETRY_MS = 2000;

function loadHlsJs() {
  if (window.Hls) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '../demo/vendor/hls.min.js';
    s.onload = resolve;
    s.onerror = () => reject(new Error('hls.js did not load'));
    document.head.append(s);
  });
}

export async function viewerPage(scheduleId) {
  const state = window.hibikiApp.watch = { state: 'waiting', error: null };
  const schedule = (await api('GET', '/api/schedule')).find((s) => s.schedule_id === scheduleId);
  const video = el('video', { id: 'player', controls: true, autoplay: true, playsinline: true, muted: true });
  const status = el('p', { id: 'watch-status', class: 'status' }, t('watch.waiting'));
  const quality = el('select', { id: 'quality' }, el('option', { value: '-1' }, t('watch.auto')));
  const backToLive = el('button', { type: 'button', id: 'back-to-live' }, t('watch.back_to_live'));
  const [chat, stopChat] = chatPanel(scheduleId);
  let hls = null;
  let retry = null;
  let stopped = false;

  const setState = (s, text) => {
    state.state = s;
    status.textContent = text;
  };

  async function start() {
    if (stopped) return;
    let view;
    try {
      view = await api('GET', '/api/view', { schedule_id: scheduleId });
    } catch (err) {
      // Before the window opens the API says 409 with the window; after the end too (or the schedule is gone).
      const ended = schedule && new Date(schedule.end_datetime) < new Date(Date.now() - 60_000) && err.status !== 403;
      if (err.status === 409 && !ended) {
        setState('waiting', t('watch.waiting') + ' ' + err.message);
        retry = setTimeout(start, RETRY_MS * 5);
      } else {
        setState('ended', err.status === 409 || err.status === 404 ? t('watch.ended') : err.message);
        state.error = err.message;
      }
      return;
    }
    const live = await fetch(view.playlist_url, { method: 'HEAD' }).catch(() => null);
    if (!live || live.status !== 200) {
      const body = live ? await fetch(view.playlist_url).then((r) => r.json()).catch(() => ({})) : {};
      if (body?.error?.code === 'PLAYLIST_NOT_FOUND') {
        setState('ended', t('watch.ended'));
        return;
      }
      setState('waiting', t('watch.waiting'));
      retry = setTimeout(start, RETRY_MS);
      return;
    }
    if (!window.MediaSource && video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = view.playlist_url; // Safari plays HLS itself
      setState('playing', t('watch.playing'));
      return;
    }
    await loadHlsJs();
    hls = new window.Hls({ liveSyncDuration: 1.5 });
    hls.on(window.Hls.Events.MANIFEST_PARSED, (_, data) => {
      quality.replaceChildren(el('option', { value: '-1' }, t('watch.auto')),
        ...data.levels.map((l, i) => el('option', { value: String(i) }, `${l.height}p`)));
      video.play().catch(() => {});
      setState('playing', t('watch.playing'));
    });
    hls.on(window.Hls.Events.ERROR, (_, data) => {
      if (!data.fatal) return;
      hls.destroy();
      hls = null;
      setState('waiting', t('watch.waiting'));
      retry = setTimeout(start, RETRY_MS);
    });
    hls.loadSource(view.playlist_url);
    hls.attachMedia(video);
  }

  quality.addEventListener('change', () => {
    if (hls) hls.currentLevel = Number(quality.value);
  });
  backToLive.addEventListener('click', () => {
    if (hls && hls.liveSyncPosition) video.currentTime = hls.liveSyncPosition;
    else if (video.seekable.length) video.currentTime = video.seekable.end(video.seekable.length - 1);
  });

  show(el('h1', {}, t('watch.title', schedule?.name ?? scheduleId)),
    el('div', { class: 'stage' },
      el('div', { class: 'player' }, video, status,
        el('div', {}, el('label', { for: 'quality' }, t('watch.quality') + ' '), quality, ' ', backToLive)),
      chat));
  start();
  return () => {
    stopped = true;
    stopChat();
    if (retry) clearTimeout(retry);
    if (hls) hls.destroy();
  };
}
