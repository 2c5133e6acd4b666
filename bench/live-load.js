// Write latency while 4 WebSocket connections hold many live subscriptions (issue 13, finding 9).
// npm run build && node bench/live-load.js [<checkout>] [<subscriptions per connection>] [slow|defaults]
//   slow: the clients stop reading; defaults: the server keeps its subscription limits (else lifted).
// Prints the write latencies (30 mutations, one every 20 ms) and how long deliveries ran on after.
const { spawn, execFileSync } = require('child_process');
const { mkdtempSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');
const root = process.argv[2] || join(__dirname, '..');
const WebSocket = require(join(root, 'node_modules/ws'));
const perConnection = Number(process.argv[3] || 1000);
const slow = process.argv[4] === 'slow';
const defaults = process.argv[4] === 'defaults';
const port = 30000 + Math.floor(Math.random() * 20000);
const env = {
  ...process.env,
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  PORT: String(port),
  DATA_DIR: mkdtempSync(join(tmpdir(), 'live-load-')),
  ...(defaults ? {} : { SOCKET_SUBSCRIPTIONS: '10000', TOKEN_SUBSCRIPTIONS: '100000' }),
};
const url = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const server = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
    env,
    stdio: 'inherit',
  });
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    await sleep(100);
  }
  const token = execFileSync(
    process.execPath,
    [join(root, 'bin/tracker'), 'token', 'create', '--role', 'ADMIN', '--name', 'load'],
    { env, encoding: 'utf8' },
  ).trim();
  let received = 0;
  let refused = 0;
  const sockets = [];
  for (let c = 0; c < 4; c++) {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
    );
    await new Promise((r) => ws.once('message', r));
    ws.on('message', (d) => (JSON.parse(String(d)).type === 'error' ? refused++ : received++));
    for (let i = 0; i < perConnection; i++)
      ws.send(
        JSON.stringify({
          id: String(i),
          type: 'subscribe',
          payload: { query: 'subscription { eventRecorded { streamId type position } }' },
        }),
      );
    sockets.push(ws);
  }
  for (;;) {
    const h = await (await fetch(`${url}/health`)).json();
    if (h.liveSubscribers >= (defaults ? 80 : 4 * perConnection)) break;
    await sleep(200);
  }
  if (slow) for (const ws of sockets) ws._socket.pause();
  const times = [];
  for (let i = 0; i < 30; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation { proposeRecommendation(input: { id: "LOAD-${i}", title: "Load", theme: "Implementation", sourceId: "ircsc-final-report-2022" }) { id } }`,
      }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    await sleep(20);
  }
  times.sort((a, b) => a - b);
  const expected = defaults ? 30 * 80 : 30 * 4 * perConnection;
  const lastWrite = Date.now();
  while (!slow && received < expected && Date.now() - lastWrite < 60_000) await sleep(50);
  const drainedMs = Date.now() - lastWrite;
  const live = (await (await fetch(`${url}/health`)).json()).liveSubscribers;
  console.log(
    JSON.stringify({
      live,
      refused,
      drainedAfterLastWriteMs: drainedMs,
      subscriptions: 4 * perConnection,
      slow,
      medianMs: times[15].toFixed(1),
      p90Ms: times[27].toFixed(1),
      maxMs: times[29].toFixed(1),
      delivered: received,
    }),
  );
  for (const ws of sockets) ws.terminate();
  server.once('exit', () => rmSync(env.DATA_DIR, { recursive: true, force: true }));
  server.kill('SIGTERM');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
