// Two libdatachannel peers (npm node-datachannel, which uses libjuice for ICE) connect through a
// TURN server with relay-only ICE, exchange echoed messages on a data channel, and report which
// candidate pair each side selected.
//
// Argument (JSON): { host, port, username, credential, relayType: "TurnUdp"|"TurnTcp"|"TurnTls",
//   bindA, bindB (local addresses of the two peers), messages, timeoutMs }
// Result: { echoes, selected: { a: {local, remote}, b: {local, remote} } }
//
// The peers bind to distinct loopback addresses: libjuice does not strictly enforce relay-only on
// loopback, and distinct addresses plus the selected-pair check keep the test honest.
import nodeDataChannel from 'node-datachannel';
import { runScript, waitFor } from './lib/run.mjs';

const { PeerConnection } = nodeDataChannel;

function peer(name, args, bindAddress, log) {
  const pc = new PeerConnection(name, {
    iceServers: [{
      hostname: args.host,
      port: args.port,
      username: args.username,
      password: args.credential,
      relayType: args.relayType ?? 'TurnUdp',
    }],
    iceTransportPolicy: 'relay',
    bindAddress,
  });
  pc.onStateChange((s) => log(`${name} state ${s}`));
  pc.onGatheringStateChange((s) => log(`${name} gathering ${s}`));
  return pc;
}

/** Pipes each side's description and candidates to the other side (in-process signalling). */
function signal(from, to, name, log) {
  from.onLocalDescription((sdp, type) => {
    log(`${name} description ${type}`);
    to.setRemoteDescription(sdp, type);
  });
  from.onLocalCandidate((candidate, mid) => {
    log(`${name} candidate ${candidate}`);
    to.addRemoteCandidate(candidate, mid);
  });
}

runScript(async (args, log) => {
  // libdatachannel's warnings say why a configuration cannot work (e.g. TURN over TCP with libjuice).
  nodeDataChannel.initLogger('Warning', (level, message) => log(`libdatachannel ${level}: ${message}`));
  const a = peer('a', args, args.bindA, log);
  const b = peer('b', args, args.bindB, log);
  try {
    signal(a, b, 'a', log);
    signal(b, a, 'b', log);
    b.onDataChannel((dc) => dc.onMessage((msg) => dc.sendMessage(`echo:${msg}`)));
    const dc = a.createDataChannel('interop');
    let open = false;
    const received = [];
    dc.onOpen(() => { open = true; });
    dc.onMessage((msg) => received.push(String(msg)));
    await waitFor(() => open, args.connectTimeoutMs ?? 20000, 'data channel open');
    const count = args.messages ?? 5;
    for (let i = 0; i < count; i++) {
      // One message at a time: bursts on a fresh SCTP association may drop in this stack.
      dc.sendMessage(`m${i}`);
      await waitFor(() => received.length > i, 5000, `echo of message ${i}`);
      if (received[i] !== `echo:m${i}`) throw new Error(`echo ${i} was ${received[i]}`);
    }
    const selected = { a: a.getSelectedCandidatePair(), b: b.getSelectedCandidatePair() };
    dc.close();
    return { echoes: received.length, selected };
  } finally {
    a.close();
    b.close();
    nodeDataChannel.cleanup();
  }
});
