// One client process of benchmarks/watch-fanout.sh (loopback only): opens the WatchStatus streams its spec file
// lists, over channels of PER_CHANNEL streams each (every HTTP/2 connection carries a bounded number of
// concurrent streams), records every message, and once STOP_FILE appears checks each stream's sequence against
// ListStatusTransitions and writes the figures to OUT_FILE.
//   node benchmarks/watch-fanout.js 127.0.0.1:PORT SPEC.json OUT.json STOP_FILE
// SPEC.json: {"perChannel": 100, "watchers": [{"topic": "topic-03", "initial": 140} | {"ids": [...], "initial": 45}]}
// ("initial": how many initial statuses the stream must bring before the process says it is open).
// Prints "open <ms>" once every stream has all its initial statuses. Every wait is bounded.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const modules = path.resolve(__dirname, '../tests/interop/node_modules');
const grpc = require(path.join(modules, '@grpc/grpc-js'));
const protoLoader = require(path.join(modules, '@grpc/proto-loader'));

const [address, specFile, outFile, stopFile] = process.argv.slice(2);
if (!address?.startsWith('127.0.0.1:') || !specFile || !outFile || !stopFile) {
  console.error('usage: node watch-fanout.js 127.0.0.1:PORT SPEC.json OUT.json STOP_FILE');
  process.exit(2);
}
const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
const definition = protoLoader.loadSync('claimstatus/v1/claim_status_service.proto', {
  includeDirs: [path.resolve(__dirname, '../protos')], keepCase: true, longs: String, enums: String, defaults: true,
});
const v1 = grpc.loadPackageDefinition(definition).claimstatus.v1;
const channelCount = Math.ceil(spec.watchers.length / spec.perChannel);
// A local subchannel pool gives each client its own connection.
const clients = Array.from({ length: channelCount }, () =>
  new v1.ClaimStatusService(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));
// Wall-clock milliseconds with sub-millisecond resolution, comparable with the server's stored times (same host).
const wallMs = () => performance.timeOrigin + performance.now();
const timestampMs = (t) => Number(t.seconds) * 1000 + t.nanos / 1e6;
const codeName = (code) => Object.keys(grpc.status).find((k) => grpc.status[k] === code) ?? String(code);

const started = Date.now();
let ready = 0;
const watchers = spec.watchers.map((w, i) => {
  const state = { spec: w, floor: null, initial: 0, received: [], error: null, lastId: 0, outOfOrder: 0 };
  const call = clients[Math.floor(i / spec.perChannel)].WatchStatus(w.topic ? { topic: w.topic } : { claim_ids: w.ids });
  call.on('data', (m) => {
    const arrived = wallMs();
    const id = Number(m.transition_id);
    if (id < state.lastId) state.outOfOrder++; // transition_id never decreases within a stream
    state.lastId = id;
    if (!m.transition) {
      if (state.floor === null) state.floor = id;
      if (++state.initial === w.initial) ready++;
      return;
    }
    const t = m.transition;
    state.received.push({ id: Number(t.id), claim: t.claim_id, from: t.from_status, to: t.to_status,
      arrived, stored: timestampMs(t.transition_time) });
  });
  call.on('error', (e) => { if (e.code !== grpc.status.CANCELLED) state.error = `${codeName(e.code)}: ${e.details}`; });
  call.on('end', () => {});
  state.call = call;
  return state;
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(predicate, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${seconds} s`);
    await sleep(100);
  }
}
const unary = (method, request) => new Promise((resolve, reject) =>
  clients[0][method](request, { deadline: Date.now() + 60000 }, (e, r) => (e ? reject(e) : resolve(r))));

async function pages(method, request, field) {
  const all = [];
  let token = '';
  for (let page = 0; page < 10000; page++) {
    const reply = await unary(method, { ...request, page_size: 1000, page_token: token });
    all.push(...reply[field]);
    token = reply.next_page_token;
    if (!token) return all;
  }
  throw new Error(`${method}: more than 10,000 pages`);
}

// A few calls at a time, so the check does not flood the server's unary call limit.
async function inParallel(items, limit, fn) {
  const results = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) { const item = items[next++]; results.set(item, await fn(item)); }
  }));
  return results;
}

async function check() {
  const topics = [...new Set(watchers.filter((w) => w.spec.topic).map((w) => w.spec.topic))];
  const members = await inParallel(topics, 4, async (topic) =>
    (await pages('ListClaims', { topic }, 'claims')).map((c) => c.id));
  const claims = [...new Set(watchers.flatMap((w) => (w.spec.topic ? members.get(w.spec.topic) : w.spec.ids)))];
  const lists = await inParallel(claims, 8, (claim_id) => pages('ListStatusTransitions', { claim_id }, 'transitions'));

  const totals = { streams: watchers.length, ended: {}, deliveries: 0, expected: 0, missed: 0, missedAfterEnd: 0, duplicated: 0, unexpected: 0,
    changed: 0, outOfOrder: 0, watchersWithProblems: 0 };
  const examples = [];
  // Every delivery as (transition id, arrival), and each transition's stored time once.
  const ids = [], arrivals = [], topicWatch = [], stored_at = {};
  const probes = {};
  for (const w of watchers) {
    if (w.error) totals.ended[w.error] = (totals.ended[w.error] ?? 0) + 1;
    const expected = new Map();
    for (const claim of w.spec.topic ? members.get(w.spec.topic) : w.spec.ids) {
      for (const t of lists.get(claim)) if (Number(t.id) > w.floor) expected.set(Number(t.id), t);
    }
    const seen = new Set();
    let problems = w.outOfOrder;
    for (const r of w.received) {
      const t = expected.get(r.id);
      if (seen.has(r.id)) { totals.duplicated++; problems++; examples.push({ watch: w.spec.topic ?? 'ids', floor: w.floor, duplicated: r }); continue; }
      seen.add(r.id);
      if (!t) { totals.unexpected++; problems++; examples.push({ watch: w.spec.topic ?? 'ids', floor: w.floor, unexpected: r }); continue; }
      if (t.claim_id !== r.claim || t.from_status !== r.from || t.to_status !== r.to) { totals.changed++; problems++; }
      ids.push(r.id);
      arrivals.push(Math.round(r.arrived * 100) / 100);
      topicWatch.push(w.spec.topic ? 1 : 0);
      stored_at[r.id] = r.stored;
      if (r.claim.startsWith('probe-')) (probes[r.claim] ??= []).push(Math.round(r.arrived * 1000) / 1000);
    }
    for (const [id, t] of expected) {
      // A stream the server ended (ABORTED when it fell behind) misses what came after: counted apart.
      if (!seen.has(id) && w.error) { totals.missedAfterEnd++; problems++; continue; }
      if (!seen.has(id)) { totals.missed++; problems++; examples.push({ watch: w.spec.topic ?? 'ids', floor: w.floor, missed: { id, claim: t.claim_id, to: t.to_status } }); }
    }
    totals.deliveries += w.received.length;
    totals.expected += expected.size;
    totals.outOfOrder += w.outOfOrder;
    if (problems > 0) totals.watchersWithProblems++;
  }
  totals.claimsChecked = claims.length;
  totals.storedTransitionsChecked = [...lists.values()].reduce((n, list) => n + list.length, 0);
  return { totals, examples: examples.slice(0, 20), ids, arrivals, topicWatch, stored: stored_at, probes };
}

(async () => {
  await waitFor(() => ready === watchers.length || watchers.some((w) => w.error), 600, 'every initial status');
  const failed = watchers.find((w) => w.error);
  if (failed) throw new Error(`a stream ended before it was open: ${failed.error}`);
  console.log(`open ${Date.now() - started}`);
  await waitFor(() => fs.existsSync(stopFile), 3600, 'the stop file');
  const result = await check();
  for (const w of watchers) w.call.cancel();
  fs.writeFileSync(outFile, JSON.stringify(result));
  console.log(`checked ${JSON.stringify(result.totals)}`);
  process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
