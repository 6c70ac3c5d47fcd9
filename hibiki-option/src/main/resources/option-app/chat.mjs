// The chat beside the player: history, then new messages pushed over Server-Sent Events; messages are text only.
import { t } from './i18n.mjs';
import { api, session } from './api.mjs';
import { el } from './dom.mjs';

/** @returns [the chat element, a function that stops listening] */
export function chatPanel(scheduleId) {
  const list = el('ol', { id: 'chat-messages', 'aria-live': 'polite' });
  const input = el('input', { name: 'body', maxlength: 50, placeholder: t('chat.placeholder'), required: true, autocomplete: 'off' });
  const error = el('div', { class: 'error', id: 'chat-error' });
  const form = el('form', { id: 'chat-form' }, input, el('button', { type: 'submit', class: 'primary' }, t('chat.send')));
  let lastId = 0;
  const seen = new Set();
  const add = (c) => {
    if (seen.has(c.chat_id)) return;
    seen.add(c.chat_id);
    lastId = Math.max(lastId, c.chat_id);
    list.append(el('li', { 'data-chat-id': c.chat_id }, el('span', { class: 'who' }, c.user_name), el('span', { class: 'body' }, c.body)));
    list.scrollTop = list.scrollHeight;
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await api('POST', '/api/chat', { schedule_id: scheduleId, body: input.value });
      input.value = '';
    } catch (err) {
      error.textContent = err.message;
    }
  });
  let source = null;
  let stopped = false;
  (async () => {
    try {
      const history = await api('GET', '/api/chat', { schedule_id: scheduleId, limit: 100 });
      history.chats.forEach(add);
    } catch (err) {
      error.textContent = err.message;
    }
    if (stopped) return;
    const q = new URLSearchParams({ schedule_id: scheduleId, since: String(lastId), token: session().token });
    source = new EventSource('/api/chat/stream?' + q);
    source.addEventListener('chat', (e) => add(JSON.parse(e.data)));
  })();
  const panel = el('section', { class: 'chat', id: 'chat' }, el('h2', {}, t('chat.title')), list, error, form);
  return [panel, () => {
    stopped = true;
    if (source) source.close();
  }];
}
