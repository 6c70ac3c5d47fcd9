// The schedule list, this week's calendar, and the create / edit form with the HLS ladder chosen from presets.
import { t } from './i18n.mjs';
import { api, can, systemNow } from './api.mjs';
import { el, show, fieldError } from './dom.mjs';

const rendition = (width, height, bps, audioBps) => ({
  durationSeconds: 1, startTimeOffset: -2,
  video: { width, height, fps: 30, bps }, audio: { bps: audioBps },
});

/** The ladders a broadcaster picks from; "detail" keeps a schedule's own ladder as it is. */
export const PRESETS = {
  full: [rendition(1920, 1080, 4_500_000, 128_000), rendition(1280, 720, 2_500_000, 128_000), rendition(640, 360, 800_000, 96_000)],
  hd: [rendition(1280, 720, 2_500_000, 128_000), rendition(640, 360, 800_000, 96_000)],
  light: [rendition(640, 360, 500_000, 192_000)],
};

function presetOf(params) {
  const json = JSON.stringify(params);
  return Object.keys(PRESETS).find((k) => JSON.stringify(PRESETS[k]) === json) ?? 'detail';
}

export async function schedulesPage() {
  const list = await api('GET', '/api/schedule');
  const rows = list.map((s) => el('tr', { 'data-schedule-id': s.schedule_id },
    el('td', {}, s.name), el('td', {}, s.start_datetime.replace('T', ' ')), el('td', {}, s.end_datetime.replace('T', ' ')),
    el('td', {}, s.created_user_name),
    el('td', {},
      can('delivery') && el('a', { href: `#/live/${encodeURIComponent(s.schedule_id)}`, class: 'broadcast' }, t('schedule.broadcast')), ' ',
      can('view') && el('a', { href: `#/watch/${encodeURIComponent(s.schedule_id)}`, class: 'watch' }, t('schedule.watch')), ' ',
      can('schedule') && el('button', { type: 'button', class: 'link', onclick: () => edit(s) }, t('schedule.edit')), ' ',
      can('schedule') && el('button', {
        type: 'button', class: 'link', onclick: async () => {
          if (!confirm(t('schedule.confirm_delete', s.name))) return;
          try {
            await api('DELETE', '/api/schedule', { schedule_id: s.schedule_id });
            schedulesPage();
          } catch (err) {
            alert(err.message);
          }
        },
      }, t('schedule.delete')))));
  const table = list.length === 0 ? el('p', { id: 'no-schedules' }, t('schedules.none'))
    : el('table', { id: 'schedules' },
      el('thead', {}, el('tr', {}, el('th', {}, t('schedule.name')), el('th', {}, t('schedule.start')),
        el('th', {}, t('schedule.end')), el('th', {}, t('schedule.by')), el('th', {}))),
      el('tbody', {}, rows));
  show(el('h1', {}, t('schedules.title')), can('schedule') ? scheduleForm(null) : '', table,
    el('h2', {}, t('schedules.week')), week(list));
}

/** Seven days from today, each with the schedules that start on it. */
function week(list) {
  const days = [];
  const today = systemNow().substring(0, 10);
  for (let i = 0; i < 7; i++) {
    const d = new Date(today + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + i);
    const day = d.toISOString().substring(0, 10);
    const items = list.filter((s) => s.start_datetime.startsWith(day))
      .map((s) => el('div', {}, s.start_datetime.substring(11, 16) + ' ' + s.name));
    days.push(el('div', { class: 'day' }, el('h3', {}, day.substring(5).replace('-', '/')), items));
  }
  return el('div', { class: 'week', id: 'week' }, days);
}

function edit(schedule) {
  const form = scheduleForm(schedule);
  document.getElementById('schedule-form').replaceWith(form);
  form.scrollIntoView();
}

function scheduleForm(schedule) {
  const preset = schedule ? presetOf(schedule.imageflux_params) : 'hd';
  const ladder = el('textarea', { name: 'imageflux_params', rows: 6, class: 'wide', hidden: preset !== 'detail' },
    JSON.stringify(schedule ? schedule.imageflux_params : PRESETS.hd, null, 1));
  const choice = el('select', { id: 'preset', name: 'preset' },
    ['full', 'hd', 'light'].map((k) => el('option', { value: k, selected: k === preset }, t('preset.' + k))),
    el('option', { value: 'detail', selected: preset === 'detail' }, 'JSON'));
  choice.addEventListener('change', () => {
    ladder.hidden = choice.value !== 'detail';
    if (choice.value !== 'detail') ladder.value = JSON.stringify(PRESETS[choice.value], null, 1);
  });
  const form = el('form', { class: 'card grid', id: 'schedule-form' },
    el('label', { for: 'schedule-name' }, t('schedule.name')),
    el('input', { id: 'schedule-name', name: 'name', required: true, maxlength: 30, value: schedule?.name ?? '' }),
    el('label', { for: 'start_datetime' }, t('schedule.start')),
    el('input', { id: 'start_datetime', name: 'start_datetime', type: 'datetime-local', required: true,
      value: schedule ? schedule.start_datetime.substring(0, 16) : systemNow(1) }),
    el('label', { for: 'end_datetime' }, t('schedule.end')),
    el('input', { id: 'end_datetime', name: 'end_datetime', type: 'datetime-local', required: true,
      value: schedule ? schedule.end_datetime.substring(0, 16) : systemNow(61) }),
    el('label', { for: 'preset' }, t('schedule.ladder')), choice, ladder,
    el('div', { class: 'wide' }, el('button', { class: 'primary', type: 'submit' },
      schedule ? t('schedule.save') : t('schedule.create'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    let params;
    try {
      params = JSON.parse(ladder.value);
    } catch (err) {
      fieldError(form, new Error('imageflux_params: ' + err.message));
      return;
    }
    const fields = {
      name: f.name.value, imageflux_params: params,
      start_datetime: f.start_datetime.value + ':00', end_datetime: f.end_datetime.value + ':00',
    };
    try {
      if (schedule) await api('PATCH', '/api/schedule', { schedule_id: schedule.schedule_id, ...fields });
      else await api('POST', '/api/schedule', fields);
      schedulesPage();
    } catch (err) {
      fieldError(form, err);
    }
  });
  return form;
}
