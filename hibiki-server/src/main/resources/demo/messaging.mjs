// messaging.html: a messaging-only connection (no camera, no microphone) with DataChannel signaling; what is typed
// goes to every other connection of the channel on the #chat label, and what they send is listed here.
// Query parameters besides the shared ones: compress=1, header=1, ignore_disconnect_websocket=1.
import Sora from './vendor/sora.mjs';
import { createDemo, parseMetadata } from './demo.mjs';

const LABEL = '#chat';
const ui = createDemo('messaging');
const { demo } = ui;
// received: [{label, text}] in order of arrival; switched: the type switched message once it came; dataChannels:
// the messaging labels the SDK reported open.
demo.received = [];
demo.switched = null;
demo.dataChannels = [];
const form = document.getElementById('settings');
const composer = document.getElementById('composer');
const receivedEl = document.getElementById('received');
const query = new URLSearchParams(location.search);
for (const name of ['compress', 'header', 'ignore_disconnect_websocket']) {
  form.elements[name].checked = query.get(name) === '1';
}
let connection = null;

async function connect() {
  if (connection) return;
  const s = ui.formSettings();
  if (!s.channelId) {
    ui.setState('error', 'channel_id is required');
    return;
  }
  const f = form.elements;
  const entry = { label: LABEL, direction: 'sendrecv', compress: f.compress.checked };
  if (f.header.checked) entry.header = [{ type: 'sender_connection_id' }];
  demo.channelId = s.channelId;
  demo.connectionId = null;
  demo.closeEvent = null;
  demo.role = 'sendrecv';
  ui.setState('connecting');
  const sora = Sora.connection(s.soraUrl, s.debug);
  const current = (connection = sora.messaging(s.channelId, parseMetadata(s.metadata), {
    dataChannelSignaling: true,
    ignoreDisconnectWebSocket: f.ignore_disconnect_websocket.checked,
    dataChannels: [entry],
  }));
  ui.watch(current, { onClosed: () => ended(current) });
  current.on('switched', (message) => {
    demo.switched = message;
    ui.log('switched', message);
  });
  current.on('datachannel', (event) => {
    demo.dataChannels.push(event.datachannel.label);
    ui.log('datachannel', { label: event.datachannel.label });
  });
  current.on('message', (event) => {
    const text = new TextDecoder().decode(new Uint8Array(event.data));
    demo.received.push({ label: event.label, text });
    const li = document.createElement('li');
    li.textContent = `${event.label}: ${text}`;
    receivedEl.append(li);
  });
  try {
    await current.connect();
    demo.connectionId = current.connectionId;
    composer.elements.send.disabled = false;
    ui.setState('connected');
  } catch (e) {
    ended(current);
    ui.setState('error', e && e.message ? e.message : e);
  }
}

function ended(current) {
  if (connection === current) connection = null;
  composer.elements.send.disabled = true;
}

async function disconnect() {
  const current = connection;
  if (!current) return;
  ended(current);
  await current.disconnect();
  if (demo.state !== 'closed') ui.setState('closed');
}

/** Sends text on #chat; resolves once the SDK handed it to the data channel. */
async function send(text) {
  if (!connection) throw new Error('not connected');
  await connection.sendMessage(LABEL, new TextEncoder().encode(text));
  ui.log('sent', { label: LABEL, text });
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  connect();
});
form.elements.disconnect.addEventListener('click', disconnect);
composer.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = composer.elements.message;
  send(input.value).then(() => { input.value = ''; }, (err) => ui.log('send-failed', { message: String(err) }));
});
demo.connect = connect;
demo.disconnect = disconnect;
demo.send = send;
if (ui.settings.autoconnect) connect();
