// Users admin (user permission): list, create, permissions, delete; and the own account: password, access code.
import { t } from './i18n.mjs';
import { api, session, saveSession } from './api.mjs';
import { el, show, fieldError } from './dom.mjs';

const PERMISSIONS = ['delivery', 'view', 'schedule', 'user'];

export async function usersPage() {
  const users = await api('GET', '/api/user');
  const rows = users.map((u) => el('tr', { 'data-user-id': u.user_id },
    el('td', {}, u.name), el('td', {}, u.email), el('td', {}, u.is_master ? '✓' : ''),
    PERMISSIONS.map((p) => el('td', {}, el('input', {
      type: 'checkbox', 'aria-label': t('perm.' + p), checked: u.permissions[p] === 1, disabled: u.is_master,
      onchange: async (e) => {
        try {
          await api('PATCH', '/api/user', { user_id: u.user_id, [p]: e.target.checked });
        } catch (err) {
          e.target.checked = !e.target.checked;
          alert(err.message);
        }
      },
    }))),
    el('td', {}, el('button', {
      type: 'button', class: 'link', onclick: async () => {
        if (!confirm(t('users.confirm_delete', u.email))) return;
        try {
          await api('DELETE', '/api/user', { user_id: u.user_id });
          usersPage();
        } catch (err) {
          alert(err.message);
        }
      },
    }, t('users.delete')))));
  const form = el('form', { class: 'card grid', id: 'user-form' },
    el('label', { for: 'user-name' }, t('users.name')), el('input', { id: 'user-name', name: 'name', required: true }),
    el('label', { for: 'user-email' }, t('users.email')), el('input', { id: 'user-email', name: 'email', type: 'email', required: true }),
    el('label', { for: 'user-password' }, t('users.password')),
    el('input', { id: 'user-password', name: 'password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' }),
    el('span', {}, t('users.master')), el('input', { name: 'is_master', type: 'checkbox', 'aria-label': t('users.master') }),
    PERMISSIONS.map((p) => [el('span', {}, t('perm.' + p)), el('input', { name: p, type: 'checkbox', 'aria-label': t('perm.' + p) })]),
    el('div', { class: 'wide' }, el('button', { class: 'primary', type: 'submit' }, t('users.create'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    const fields = { name: f.name.value, email: f.email.value, password: f.password.value, is_master: f.is_master.checked };
    for (const p of PERMISSIONS) fields[p] = f[p].checked;
    try {
      await api('POST', '/api/user', fields);
      usersPage();
    } catch (err) {
      fieldError(form, err);
    }
  });
  show(el('h1', {}, t('users.title')), form,
    el('table', { id: 'users' },
      el('thead', {}, el('tr', {}, el('th', {}, t('users.name')), el('th', {}, t('users.email')), el('th', {}, t('users.master')),
        PERMISSIONS.map((p) => el('th', {}, t('perm.' + p))), el('th', {}))),
      el('tbody', {}, rows)));
}

export function accountPage() {
  const note = el('p', { id: 'account-message', role: 'status' });
  const password = el('form', { class: 'card grid', id: 'password-form' },
    el('label', { for: 'new-password' }, t('account.password')),
    el('input', { id: 'new-password', name: 'password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' }),
    el('div', { class: 'wide' }, el('button', { class: 'primary', type: 'submit' }, t('account.change_password'))));
  password.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api('PATCH', '/api/password', { password: password.elements.password.value });
      saveSession({ ...session(), token: r.token });
      note.textContent = t('saved');
    } catch (err) {
      fieldError(password, err);
    }
  });
  const nodes = [el('h1', {}, t('account.title')), password];
  if (session()?.user?.is_master) {
    const code = el('form', { class: 'card grid', id: 'access-code-form' },
      el('label', { for: 'new-access-code' }, t('account.access_code')),
      el('input', { id: 'new-access-code', name: 'access_code', required: true }),
      el('div', { class: 'wide' }, el('button', { class: 'danger', type: 'submit' }, t('account.change_access_code'))));
    code.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!confirm(t('account.confirm_access_code'))) return;
      try {
        const r = await api('PATCH', '/api/access-code', { access_code: code.elements.access_code.value });
        saveSession({ ...session(), token: r.token });
        note.textContent = t('saved');
      } catch (err) {
        fieldError(code, err);
      }
    });
    nodes.push(code);
  }
  nodes.push(note);
  show(...nodes);
}
