// Two RTCPeerConnections inside one headless Chromium page (Debian's chromium, driven by
// playwright-core) connect through a TURN server with iceTransportPolicy "relay" and only that
// server as ICE server, echo messages on a data channel, and report the selected candidate pair
// from getStats() on both ends.
//
// Argument (JSON): { urls: ["turn:127.0.0.1:PORT?transport=tcp"], username, credential,
//   messages, timeoutMs, chromium (path, default /usr/bin/chromium) }
// Result: { echoes, a: {local, remote}, b: {local, remote} } with each candidate's stats fields
// (candidateType, protocol, relayProtocol, address, port, url).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runScript } from './lib/run.mjs';

// Flags from the team's notes on driving Debian's chromium on these machines.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // The test server's certificate is self-signed, generated at start; turns: needs this.
  '--ignore-certificate-errors',
];

/** Runs inside the page: both peers, in-page signalling, echo loop, selected pairs. */
async function inPage(cfg) {
  const config = {
    iceServers: [{ urls: cfg.urls, username: cfg.username, credential: cfg.credential }],
    iceTransportPolicy: 'relay',
  };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  const events = [];
  const wire = (from, to, name) => {
    from.onicecandidate = (e) => {
      if (e.candidate) {
        events.push(`${name} candidate ${e.candidate.candidate}`);
        to.addIceCandidate(e.candidate);
      }
    };
    from.onicecandidateerror = (e) => events.push(`${name} candidate error ${e.errorCode} ${e.errorText} ${e.url}`);
    from.onconnectionstatechange = () => events.push(`${name} ${from.connectionState}`);
  };
  wire(a, b, 'a');
  wire(b, a, 'b');
  b.ondatachannel = (e) => { e.channel.onmessage = (m) => e.channel.send(`echo:${m.data}`); };
  const dc = a.createDataChannel('interop');
  const received = [];
  let waiter = null;
  dc.onmessage = (m) => { received.push(m.data); if (waiter) waiter(); };
  const opened = new Promise((resolve) => { dc.onopen = resolve; });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  const openTimeout = new Promise((_, reject) => setTimeout(
    () => reject(new Error(`data channel did not open: ${JSON.stringify(events)}`)), cfg.connectTimeoutMs));
  await Promise.race([opened, openTimeout]);
  for (let i = 0; i < cfg.messages; i++) {
    // One message at a time: bursts on a fresh SCTP association may drop in this stack.
    const echoed = new Promise((resolve, reject) => {
      waiter = resolve;
      setTimeout(() => reject(new Error(`no echo of message ${i}`)), 5000);
    });
    dc.send(`m${i}`);
    await echoed;
    if (received[i] !== `echo:m${i}`) throw new Error(`echo ${i} was ${received[i]}`);
  }
  const selected = async (pc) => {
    const stats = await pc.getStats();
    let pair = null;
    stats.forEach((s) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
    });
    if (!pair) throw new Error('no selected candidate pair in getStats()');
    const pick = (c) => ({
      candidateType: c.candidateType, protocol: c.protocol, relayProtocol: c.relayProtocol,
      address: c.address, port: c.port, url: c.url,
    });
    return { local: pick(stats.get(pair.localCandidateId)), remote: pick(stats.get(pair.remoteCandidateId)) };
  };
  const result = { echoes: received.length, a: await selected(a), b: await selected(b), events };
  a.close();
  b.close();
  return result;
}

runScript(async (args, log) => {
  const profile = mkdtempSync(join(tmpdir(), 'turnpike-chromium-'));
  // A fresh profile per run (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => log(`console ${m.type()}: ${m.text()}`));
    await page.setContent('<!doctype html><title>turnpike interop</title>');
    log(`chromium ${context.browser()?.version() ?? ''}`);
    return await page.evaluate(inPage, {
      urls: args.urls, username: args.username, credential: args.credential,
      messages: args.messages ?? 5, connectTimeoutMs: args.connectTimeoutMs ?? 20000,
    });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
