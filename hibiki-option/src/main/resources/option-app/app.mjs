// The Live Streaming Option web app: hash routes over the option API (docs/API.md, "Live Streaming Option").
// Every text is set with textContent (el()), never as HTML, so chat messages and names cannot inject markup.
import { t, lang, setLang } from './i18n.mjs';
import { api, session, saveSession, clearSession, can } from './api.mjs';
import { broadcasterPage } from './broadcast.mjs';
import { viewerPage } from './watch.mjs';
import { schedulesPage } from './schedules.mjs';
import { usersPage, accountPage } from './users.mjs';
import { el, show } from './dom.mjs';

const app = window.hibikiApp = { page: null, cleanup: null };

const routes = {
  login: () => loginPage(),
  schedules: () => schedulesPage(),
  live: (id) => (can('delivery') ? broadcasterPage(id) : forbidden()),
  watch: (id) => (can('view') ? viewerPage(id) : forbidden()),
  users: () => (can('user') ? usersPage() : forbidden()),
  account: () => accountPage(),
};

async function route() {
  if (app.cleanup) {
    try { app.cleanup(); } catch (e) { console.warn(e); }
    app.cleanup = null;
  }
  const [name, arg] = location.hash.replace(/^#\/?/, '').split('/');
  const page = session() ? (routes[name] ? name : 'schedules') : 'login';
  app.page = page;
  renderBar();
  app.cleanup = (await routes[page](arg && decodeURIComponent(arg))) || null;
}

function renderBar() {
  const nav = document.getElementById('nav');
  nav.replaceChildren();
  if (session()) {
    nav.append(el('a', { href: '#/schedules' }, t('nav.schedules')));
    if (can('user')) nav.append(el('a', { href: '#/users' }, t('nav.users')));
    nav.append(el('a', { href: '#/account' }, t('nav.account')));
    nav.append(el('button', { type: 'button', class: 'link', onclick: logout }, t('nav.logout')));
  }
  document.getElementById('lang').textContent = t('app.lang');
}

function logout() {
  clearSession();
  location.hash = '#/login';
  route();
}

function forbidden() {
  show(el('h1', {}, t('forbidden')), el('p', { class: 'error', id: 'forbidden' }, t('forbidden')));
}

function loginPage() {
  const message = el('p', { class: 'error', id: 'login-error', role: 'alert' });
  const form = el('form', { class: 'card grid', id: 'login' },
    el('label', { for: 'email' }, t('login.email')), el('input', { id: 'email', name: 'email', type: 'email', required: true, autocomplete: 'username' }),
    el('label', { for: 'password' }, t('login.password')), el('input', { id: 'password', name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
    el('label', { for: 'access_code' }, t('login.access_code')), el('input', { id: 'access_code', name: 'access_code', required: true }),
    el('div', { class: 'wide' }, el('button', { class: 'primary', type: 'submit' }, t('login.submit'))),
    el('div', { class: 'wide' }, message));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    try {
      const r = await api('POST', '/api/login', {
        email: form.elements.email.value, password: form.elements.password.value, access_code: form.elements.access_code.value,
      });
      saveSession({ token: r.token, user: r.user, time_zone: r.time_zone });
      location.hash = '#/schedules';
      route();
    } catch (err) {
      message.textContent = err.status === 429 ? t('login.throttled', err.retryAfter ?? 60)
        : err.status === 401 ? t('login.wrong') : err.message;
    }
  });
  show(el('h1', {}, t('login.title')), form);
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(lang === 'ja' ? 'en' : 'ja');
  route();
});
window.addEventListener('hashchange', route);
document.documentElement.lang = lang;
route();
