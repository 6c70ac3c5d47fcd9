// The signaling flow of the RICOH Live Streaming API document ("Broadcast a Video" / "Watch a Video"), as its
// JavaScript writes it, with two repairs a browser needs today: the document's this.pc / this._pc are the pc it just
// created, and URL.createObjectURL(stream) (removed from browsers) becomes video.srcObject = stream.
// window.ricohDemo is the page's state, which the browser tests read.
(function () {
  'use strict';
  const form = document.getElementById('settings');
  const statusEl = document.getElementById('status');
  const logEl = document.getElementById('log');
  const demo = window.ricohDemo = {
    state: 'idle', role: null, offer: null, offeredAt: 0, candidatesSent: 0, remoteStreams: [],
    closeCode: null, closeReason: null, ws: null, pc: null,
    leave: leave,
    stats: stats,
  };

  function log(text) {
    const li = document.createElement('li');
    li.textContent = new Date().toISOString().substring(11, 23) + ' ' + text;
    logEl.prepend(li);
  }

  function setState(state, detail) {
    demo.state = state;
    statusEl.textContent = detail ? state + ': ' + detail : state;
    statusEl.className = 'status ' + (state === 'failed' ? 'error' : state);
    form.elements.connect.disabled = state !== 'idle' && state !== 'closed' && state !== 'failed';
    form.elements.disconnect.disabled = !form.elements.connect.disabled;
  }

  async function connect(url, channelId, accessToken, role) {
    demo.role = role;
    setState('connecting');
    let localStream = null;
    if (role === 'upstream') {
      localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const local = document.getElementById('localVideo');
      local.srcObject = localStream;
      local.hidden = false;
    }
    const ws = demo.ws = new WebSocket(url);
    ws.onopen = () => {
      ws.send(JSON.stringify({
        type: 'connect',
        role: role,
        channel_id: channelId,
        metadata: { access_token: accessToken },
      }));
    };
    ws.onclose = (event) => {
      demo.closeCode = event.code;
      demo.closeReason = event.reason;
      log('closed ' + event.code + ' ' + event.reason);
      if (demo.pc) demo.pc.close();
      setState(event.code === 1000 ? 'closed' : 'failed', event.code + ' ' + event.reason);
    };
    ws.onmessage = async (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type == 'offer') {
        demo.offer = msg;
        demo.offeredAt = Date.now();
        log('offer for channel ' + msg.channel_id);
        const config = msg.config;
        const certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
        config.certificates = [certificate];
        const pc = demo.pc = new RTCPeerConnection(config);
        pc.onicecandidate = (event) => {
          if (event.candidate) {
            const candidate = event.candidate.toJSON();
            candidate.type = 'candidate';
            ws.send(JSON.stringify(candidate));
            demo.candidatesSent++;
          }
        };
        pc.onconnectionstatechange = () => {
          log('peer connection ' + pc.connectionState);
          if (pc.connectionState === 'connected') setState('connected');
        };
        if (localStream) pc.addStream(localStream);
        pc.onaddstream = (event) => {
          demo.remoteStreams.push(event.stream.id);
          const elmVideo = document.getElementById('remoteVideo');
          elmVideo.srcObject = event.stream;
          elmVideo.hidden = false;
        };
        await pc.setRemoteDescription(new RTCSessionDescription(msg));
        const sdp = await pc.createAnswer({});
        await pc.setLocalDescription(sdp);
        ws.send(JSON.stringify({ type: 'answer', sdp: pc.localDescription.sdp }));
      }
    };
  }

  /** Leaves the room as a closing tab would: the WebSocket and the peer connection end. */
  function leave() {
    if (demo.ws) demo.ws.close(1000);
    if (demo.pc) demo.pc.close();
  }

  /** What the peer connection sent and received, for the tests. */
  async function stats() {
    const out = { video: {}, audio: {} };
    if (!demo.pc) return out;
    (await demo.pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp') {
        out[s.kind].framesDecoded = s.framesDecoded;
        out[s.kind].packetsReceived = s.packetsReceived;
        out[s.kind].totalSamplesReceived = s.totalSamplesReceived;
      } else if (s.type === 'outbound-rtp') {
        out[s.kind].packetsSent = s.packetsSent;
        out[s.kind].framesEncoded = s.framesEncoded;
      }
    });
    return out;
  }

  const params = new URLSearchParams(location.search);
  for (const name of ['url', 'channel_id', 'access_token', 'role']) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = form.elements;
    connect(f.url.value, f.channel_id.value, f.access_token.value, f.role.value).catch((err) => {
      log('error: ' + err);
      setState('failed', String(err));
    });
  });
  form.elements.disconnect.addEventListener('click', leave);
  if (params.get('autoconnect') === '1') form.requestSubmit();
})();
