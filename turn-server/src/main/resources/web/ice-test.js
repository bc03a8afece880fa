// Turnpike ICE test page: mint a credential through the API, then gather candidates against each
// TURN URL separately and report whether a relay candidate was obtained (PASS) per transport.
// Plain browser JavaScript, no build step, no external resources.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  /** Which transport a STUN/TURN URL uses: 'udp', 'tcp', 'tls' (turns:), or 'stun'. */
  function transportOf(url) {
    if (url.startsWith('stun:') || url.startsWith('stuns:')) return 'stun';
    if (url.startsWith('turns:')) return 'tls';
    return /[?&]transport=tcp/i.test(url) ? 'tcp' : 'udp';
  }

  /** One probe per URL: its transport, the URL and the credential to use with it. */
  function probesOf(iceServers) {
    const probes = [];
    for (const server of iceServers) {
      const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
      for (const url of urls) {
        probes.push({ transport: transportOf(url), url, username: server.username, credential: server.credential });
      }
    }
    return probes;
  }

  function setStatus(text) { $('status').textContent = text; }

  function setCell(cell, state, text) {
    cell.className = state;
    cell.textContent = text;
  }

  /** Gathers candidates for one URL; resolves with the list of candidates and ICE errors seen. */
  function gather(probe, timeoutMs, onCandidate) {
    return new Promise((resolve) => {
      const server = { urls: [probe.url] };
      if (probe.username !== undefined) {
        server.username = probe.username;
        server.credential = probe.credential;
      }
      const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: 'all' });
      const candidates = [];
      const errors = [];
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        pc.close();
        resolve({ candidates, errors });
      };
      const timer = setTimeout(finish, timeoutMs);
      pc.onicecandidate = (e) => {
        if (!e.candidate) { finish(); return; }
        if (!e.candidate.candidate) return;
        const c = parseCandidate(e.candidate);
        candidates.push(c);
        onCandidate(c);
      };
      pc.onicecandidateerror = (e) => {
        errors.push((e.errorCode || '') + ' ' + (e.errorText || '') + ' ' + (e.url || ''));
      };
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState === 'complete') finish();
      };
      pc.createDataChannel('probe');
      pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch((err) => {
        errors.push(String(err));
        finish();
      });
    });
  }

  /** type, protocol, address, port and (for relay) the client-to-TURN protocol of a candidate. */
  function parseCandidate(ice) {
    const f = ice.candidate.split(' ');
    const typIndex = f.indexOf('typ');
    return {
      type: ice.type || (typIndex >= 0 ? f[typIndex + 1] : '?'),
      protocol: ice.protocol || f[2],
      address: ice.address || f[4],
      port: ice.port || f[5],
      relayProtocol: ice.relayProtocol || ''
    };
  }

  function describe(c) {
    const via = c.type === 'relay' && c.relayProtocol ? ' (via ' + c.relayProtocol + ')' : '';
    return c.type + ' ' + c.protocol + ' ' + c.address + ':' + c.port + via;
  }

  async function mint(keyId, token, ttl) {
    const res = await fetch('v1/turn/keys/' + encodeURIComponent(keyId) + '/credentials/generate-ice-servers', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ttl: ttl })
    });
    const body = await res.json().catch(() => ({}));
    if (res.status !== 201) {
      const message = body.error && body.error.message ? body.error.message : res.statusText;
      throw new Error('credential request failed: HTTP ' + res.status + ' ' + message);
    }
    return body.iceServers;
  }

  async function run(keyId, token, ttl, timeoutMs) {
    const summary = { udp: 'na', tcp: 'na', tls: 'na' };
    window.turnpikeResults = { done: false, summary, probes: [] };
    for (const t of ['udp', 'tcp', 'tls']) setCell($('result-' + t), 'na', '\u2013');
    $('rows').textContent = '';
    setStatus('Requesting a credential\u2026');
    const iceServers = await mint(keyId, token, ttl);
    const probes = probesOf(iceServers);
    for (const probe of probes) {
      const row = $('rows').insertRow();
      row.insertCell().textContent = probe.transport.toUpperCase();
      row.insertCell().textContent = probe.url;
      const cands = row.insertCell();
      cands.className = 'cands';
      const result = row.insertCell();
      setCell(result, 'running', 'gathering\u2026');
      setStatus('Gathering candidates for ' + probe.url + '\u2026');
      const { candidates, errors } = await gather(probe, timeoutMs, (c) => {
        cands.textContent += describe(c) + '\n';
      });
      const wanted = probe.transport === 'stun' ? 'srflx' : 'relay';
      const ok = candidates.some((c) => c.type === wanted);
      if (!ok && errors.length) cands.textContent += 'errors: ' + errors.join('; ') + '\n';
      setCell(result, ok ? 'pass' : 'fail', ok ? 'PASS (' + wanted + ')' : 'FAIL (no ' + wanted + ')');
      window.turnpikeResults.probes.push({ url: probe.url, transport: probe.transport, ok, candidates, errors });
      if (probe.transport !== 'stun') {
        // A transport passes when any of its URLs produced a relay candidate.
        if (ok) summary[probe.transport] = 'pass';
        else if (summary[probe.transport] !== 'pass') summary[probe.transport] = 'fail';
      }
    }
    for (const t of ['udp', 'tcp', 'tls']) {
      const s = summary[t];
      setCell($('result-' + t), s, s === 'pass' ? 'PASS' : s === 'fail' ? 'FAIL' : 'not offered');
    }
    setStatus('Done.');
    window.turnpikeResults.done = true;
    document.body.dataset.done = 'true';
  }

  function start(keyId, token, ttl, timeoutSeconds) {
    $('run').disabled = true;
    document.body.dataset.done = 'false';
    run(keyId, token, ttl, timeoutSeconds * 1000).catch((err) => {
      setStatus(String(err.message || err));
      window.turnpikeResults = { done: true, error: String(err.message || err), summary: {}, probes: [] };
      document.body.dataset.done = 'true';
    }).finally(() => { $('run').disabled = false; });
  }

  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    start($('keyId').value.trim(), $('token').value.trim(), parseInt($('ttl').value, 10) || 600,
      parseInt($('timeout').value, 10) || 10);
  });

  // For automation: #key=ID&token=TOKEN&run fills the form (the fragment never reaches the server)
  // and is removed from the address bar at once.
  if (location.hash.length > 1) {
    const p = new URLSearchParams(location.hash.substring(1));
    history.replaceState(null, '', location.pathname + location.search);
    if (p.get('key')) $('keyId').value = p.get('key');
    if (p.get('token')) $('token').value = p.get('token');
    if (p.get('ttl')) $('ttl').value = p.get('ttl');
    if (p.has('run') && p.get('key') && p.get('token')) {
      start(p.get('key'), p.get('token'), parseInt($('ttl').value, 10) || 600, parseInt($('timeout').value, 10) || 10);
    }
  }
})();
