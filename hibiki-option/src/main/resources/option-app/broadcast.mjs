// The broadcaster's page: camera and microphone choice with a preview, go live / stop with sora-js-sdk on the
// schedule's channel (GET /api/delivery), what is being sent, the elapsed time, and the chat.
import Sora from '../demo/vendor/sora.mjs';
import { t } from './i18n.mjs';
import { api } from './api.mjs';
import { el, show } from './dom.mjs';
import { chatPanel } from './chat.mjs';

export async function broadcasterPage(scheduleId) {
  const state = window.hibikiApp.broadcast = { live: false, error: null, framesSent: 0, bitrateKbps: 0, viewers: 0 };
  const schedule = (await api('GET', '/api/schedule')).find((s) => s.schedule_id === scheduleId);
  const preview = el('video', { id: 'preview', autoplay: true, playsinline: true, muted: true });
  const camera = el('select', { id: 'camera' });
  const microphone = el('select', { id: 'microphone' });
  const badge = el('span', { id: 'on-air', class: 'status' }, t('live.off_air'));
  const message = el('p', { id: 'broadcast-error', class: 'error', role: 'alert' });
  const facts = { elapsed: el('dd', { id: 'elapsed' }, '0:00'), bitrate: el('dd', { id: 'bitrate' }, '-'),
    resolution: el('dd', { id: 'resolution' }, '-'), viewers: el('dd', { id: 'viewers' }, '0') };
  const start = el('button', { type: 'button', id: 'go-live', class: 'primary' }, t('live.start'));
  const stop = el('button', { type: 'button', id: 'stop', class: 'danger', disabled: true }, t('live.stop'));
  const [chat, stopChat] = chatPanel(scheduleId);
  let stream = null;
  let connection = null;
  let timer = null;
  let startedAt = 0;
  let lastBytes = 0;
  let lastAt = 0;
  let audienceTimer = null;

  async function audience() {
    try {
      const a = await api('GET', '/api/audience', { schedule_id: scheduleId });
      state.viewers = a.total;
      facts.viewers.textContent = `${a.total} (WebRTC ${a.webrtc} + HLS ${a.hls})`;
    } catch (err) {
      facts.viewers.textContent = '-';
    }
  }

  async function openDevices() {
    if (stream) stream.getTracks().forEach((tr) => tr.stop());
    stream = await navigator.mediaDevices.getUserMedia({
      video: camera.value ? { deviceId: { exact: camera.value } } : true,
      audio: microphone.value ? { deviceId: { exact: microphone.value } } : true,
    });
    preview.srcObject = stream;
    const devices = await navigator.mediaDevices.enumerateDevices();
    for (const [select, kind] of [[camera, 'videoinput'], [microphone, 'audioinput']]) {
      const current = select.value || stream.getTracks().find((tr) => tr.kind === kind.replace('input', ''))?.getSettings().deviceId;
      select.replaceChildren(...devices.filter((d) => d.kind === kind)
        .map((d, i) => el('option', { value: d.deviceId, selected: d.deviceId === current }, d.label || `${kind} ${i + 1}`)));
    }
  }

  async function tick() {
    const seconds = Math.floor((Date.now() - startedAt) / 1000);
    facts.elapsed.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    const pc = connection?.pc;
    if (!pc) return;
    (await pc.getStats()).forEach((s) => {
      if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
      const now = s.timestamp;
      if (lastAt) state.bitrateKbps = Math.round(((s.bytesSent - lastBytes) * 8) / (now - lastAt));
      lastBytes = s.bytesSent;
      lastAt = now;
      state.framesSent = s.framesSent ?? s.framesEncoded ?? 0;
      facts.bitrate.textContent = `${state.bitrateKbps} kbps`;
      if (s.frameWidth) facts.resolution.textContent = `${s.frameWidth}×${s.frameHeight}`;
    });
  }

  start.addEventListener('click', async () => {
    message.textContent = '';
    start.disabled = true;
    try {
      const delivery = await api('GET', '/api/delivery', { schedule_id: scheduleId });
      connection = Sora.connection(delivery.sora_url).sendonly(delivery.channel_id, null, { multistream: false });
      connection.on('disconnect', () => setLive(false));
      await connection.connect(stream);
      startedAt = Date.now();
      timer = setInterval(tick, 1000);
      setLive(true);
    } catch (err) {
      state.error = err.message;
      message.textContent = err.message;
      start.disabled = false;
    }
  });
  stop.addEventListener('click', async () => {
    if (connection) await connection.disconnect();
    setLive(false);
  });
  for (const select of [camera, microphone]) {
    select.addEventListener('change', () => openDevices().catch((err) => { message.textContent = err.message; }));
  }

  function setLive(live) {
    state.live = live;
    badge.textContent = live ? t('live.on_air') : t('live.off_air');
    badge.className = live ? 'live-badge' : 'status';
    start.disabled = live;
    stop.disabled = !live;
    if (!live && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  show(el('h1', {}, t('live.title', schedule?.name ?? scheduleId)),
    el('div', { class: 'stage' },
      el('div', { class: 'player' }, preview,
        el('form', { class: 'card grid', onsubmit: (e) => e.preventDefault() },
          el('label', { for: 'camera' }, t('live.camera')), camera,
          el('label', { for: 'microphone' }, t('live.microphone')), microphone,
          el('div', { class: 'wide' }, start, ' ', stop, ' ', badge)),
        message,
        el('dl', { class: 'facts' }, el('dt', {}, t('live.elapsed')), facts.elapsed, el('dt', {}, t('live.bitrate')),
          facts.bitrate, el('dt', {}, t('live.resolution')), facts.resolution, el('dt', {}, t('live.viewers')),
          facts.viewers)),
      chat));
  await openDevices().catch((err) => { message.textContent = err.message; });
  audience();
  audienceTimer = setInterval(audience, 3000);
  return () => {
    clearInterval(audienceTimer);
    stopChat();
    if (timer) clearInterval(timer);
    if (connection) connection.disconnect();
    if (stream) stream.getTracks().forEach((tr) => tr.stop());
  };
}
