// Opens many WatchStatus streams against a running server (loopback only), spread over several channels,
// because each HTTP/2 connection carries at most 100 concurrent streams by Kestrel's default.
//   node benchmarks/watch-storm.js HOST:PORT CLAIM_ID STREAMS hold SECONDS   -> open, hold, cancel all
//   node benchmarks/watch-storm.js HOST:PORT CLAIM_ID STREAMS until-end      -> open, wait for the server to end them
// Prints "open <ms>" once every stream has its first message, then (until-end) one JSON line with the codes.
'use strict';
const path = require('node:path');
const modules = path.resolve(__dirname, '../tests/interop/node_modules');
const grpc = require(path.join(modules, '@grpc/grpc-js'));
const protoLoader = require(path.join(modules, '@grpc/proto-loader'));

const [address, claimId, countText, mode, secondsText] = process.argv.slice(2);
const count = Number(countText);
if (!address?.startsWith('127.0.0.1:') || !claimId || !(count > 0 && count <= 10000) || !['hold', 'until-end'].includes(mode)) {
  console.error('usage: node watch-storm.js 127.0.0.1:PORT CLAIM_ID STREAMS(1-10000) hold SECONDS | until-end');
  process.exit(2);
}
const perChannel = 80;
const definition = protoLoader.loadSync('claimstatus/v1/claim_status_service.proto', {
  includeDirs: [path.resolve(__dirname, '../protos')], keepCase: true, longs: String, enums: String, defaults: true,
});
const v1 = grpc.loadPackageDefinition(definition).claimstatus.v1;
const clients = Array.from({ length: Math.ceil(count / perChannel) }, () =>
  // A local subchannel pool gives each client its own connection.
  new v1.ClaimStatusService(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));

const started = Date.now();
const codes = {};
let firstEnd = 0, lastEnd = 0, ended = 0, opened = 0;
const calls = [];
const allOpen = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`only ${opened}/${count} streams opened in 120 s; ended: ${JSON.stringify(codes)}`)), 120000);
  for (let i = 0; i < count; i++) {
    const call = clients[Math.floor(i / perChannel)].WatchStatus({ claim_ids: [claimId] });
    let first = true;
    call.on('data', () => { if (first) { first = false; if (++opened === count) { clearTimeout(timer); resolve(); } } });
    call.on('error', (e) => {
      const name = Object.keys(grpc.status).find((k) => grpc.status[k] === e.code) ?? String(e.code);
      const key = `${name}: ${e.details}`;
      codes[key] = (codes[key] ?? 0) + 1;
      const now = Date.now();
      if (!firstEnd) firstEnd = now;
      lastEnd = now;
      ended++;
    });
    call.on('end', () => {});
    calls.push(call);
  }
});

allOpen.then(async () => {
  console.log(`open ${Date.now() - started}`);
  if (mode === 'hold') {
    await new Promise((r) => setTimeout(r, Number(secondsText ?? 10) * 1000));
    for (const call of calls) call.cancel();
    await new Promise((r) => setTimeout(r, 1000));
    console.log('closed');
    process.exit(0);
  }
  const deadline = Date.now() + 60000;
  while (ended < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  console.log(JSON.stringify({ streams: count, ended, codes, first_end_to_last_end_ms: lastEnd - firstEnd }));
  process.exit(ended === count ? 0 : 1);
}, (e) => { console.error(e.message); process.exit(1); });
