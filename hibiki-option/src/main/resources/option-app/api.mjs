// The option API with the logged-in user's token. A refusal throws an Error with status, code and retryAfter.
const KEY = 'hibiki.option.session';

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function saveSession(s) {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** Whether the logged-in user has the permission (a master has all). */
export function can(permission) {
  const u = session()?.user;
  return !!u && (u.is_master || u.permissions?.[permission] === 1);
}

export async function api(method, path, fields) {
  const s = session();
  const headers = {};
  if (s?.token) headers.Authorization = 'Bearer ' + s.token;
  let url = path;
  let body;
  if (fields && (method === 'GET' || method === 'DELETE')) {
    url += '?' + new URLSearchParams(fields).toString();
  } else if (fields) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(fields);
  }
  const response = await fetch(url, { method, headers, body });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const err = new Error(json?.error?.message ?? response.statusText);
    err.status = response.status;
    err.code = json?.error?.code;
    err.retryAfter = response.headers.get('Retry-After');
    if (response.status === 401 && path !== '/api/login') {
      clearSession();
      location.hash = '#/login';
    }
    throw err;
  }
  return json;
}

/** Now, as the system's wall clock shows it (its time zone), for datetime inputs: "2026-12-07T21:30". */
export function systemNow(offsetMinutes = 0) {
  const zone = session()?.time_zone || 'Asia/Tokyo';
  const d = new Date(Date.now() + offsetMinutes * 60_000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
