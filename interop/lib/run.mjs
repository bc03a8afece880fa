// Shared plumbing for the interop scripts: read the JSON argument, bound the run in time,
// and print exactly one JSON result line on stdout for the Java integration test to assert on.

/**
 * Runs `body(args, log)` with the JSON object given as the first command-line argument.
 * Prints `{"ok":true,...result}` or `{"ok":false,"error":...,"log":[...]}` as the last stdout line
 * and exits; a run that exceeds `args.timeoutMs` (default 30 s) fails with the log so far.
 */
export async function runScript(body) {
  const args = JSON.parse(process.argv[2] ?? '{}');
  const started = Date.now();
  const logLines = [];
  const log = (msg) => logLines.push(`${Date.now() - started}ms ${msg}`);
  const timeoutMs = args.timeoutMs ?? 30000;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  let out;
  try {
    const result = await Promise.race([body(args, log), timeout]);
    out = { ok: true, ...result, log: logLines };
  } catch (e) {
    out = { ok: false, error: String(e && e.stack ? e.stack : e), log: logLines };
  } finally {
    clearTimeout(timer);
  }
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(out.ok ? 0 : 1));
}

/** Resolves when `predicate()` is true, polling every 20 ms; rejects with `what` after `ms`. */
export function waitFor(predicate, ms, what) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`waiting for ${what} timed out after ${ms} ms`));
      setTimeout(tick, 20);
    };
    tick();
  });
}
