// Runs beside an h2load overload (benchmarks/overload.sh) on loopback: a few GetStatus callers that count every
// reply by gRPC status (h2load sees only HTTP status 200), and a Health/Check every 200 ms with its latency.
//   node benchmarks/overload-probe.js 127.0.0.1:PORT GETSTATUS_REQUEST_HEX SECONDS CALLERS
// Prints one JSON line when SECONDS are up. Raw bytes in and out: no .proto needed.
'use strict';
const path = require('node:path');
const grpc = require(path.resolve(__dirname, '../tests/interop/node_modules/@grpc/grpc-js'));

const [address, requestHex, secondsText, callersText] = process.argv.slice(2);
const seconds = Number(secondsText), callers = Number(callersText);
if (!address?.startsWith('127.0.0.1:') || !(seconds > 0 && seconds <= 600) || !(callers > 0 && callers <= 100)) {
  console.error('usage: node overload-probe.js 127.0.0.1:PORT GETSTATUS_REQUEST_HEX SECONDS(1-600) CALLERS(1-100)');
  process.exit(2);
}
const request = Buffer.from(requestHex, 'hex');
const raw = (b) => b;
const options = { 'grpc.use_local_subchannel_pool': 1 };
const calls = new grpc.Client(address, grpc.credentials.createInsecure(), options);
const health = new grpc.Client(address, grpc.credentials.createInsecure(), options);
const end = Date.now() + seconds * 1000;
const name = (code) => Object.keys(grpc.status).find((k) => grpc.status[k] === code) ?? String(code);
const codes = {}, healthMs = [], healthResults = {};

function unary(client, method, body, deadlineMs) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => client.makeUnaryRequest(method, raw, raw, body, new grpc.Metadata(),
    { deadline: Date.now() + deadlineMs }, (error, reply) => resolve({
      code: error ? error.code : 0, reply, ms: Number(process.hrtime.bigint() - started) / 1e6,
    })));
}

async function caller() {
  for (let i = 0; Date.now() < end && i < 1_000_000; i++) {
    const { code } = await unary(calls, '/claimstatus.v1.ClaimStatusService/GetStatus', request, 30000);
    codes[name(code)] = (codes[name(code)] ?? 0) + 1;
  }
}

async function prober() {
  for (let i = 0; Date.now() < end && i < 10_000; i++) {
    const { code, reply, ms } = await unary(health, '/grpc.health.v1.Health/Check', Buffer.alloc(0), 5000);
    // HealthCheckResponse { status = 1 (SERVING) } is 08 01.
    const result = code !== 0 ? name(code) : reply.length === 2 && reply[1] === 1 ? 'SERVING' : `status ${reply.toString('hex')}`;
    healthResults[result] = (healthResults[result] ?? 0) + 1;
    healthMs.push(ms);
    await new Promise((r) => setTimeout(r, 200));
  }
}

Promise.all([prober(), ...Array.from({ length: callers }, caller)]).then(() => {
  healthMs.sort((a, b) => a - b);
  const at = (q) => healthMs[Math.min(healthMs.length - 1, Math.floor(q * healthMs.length))]?.toFixed(1);
  console.log(JSON.stringify({
    getstatus_codes: codes, health: healthResults,
    health_ms: { n: healthMs.length, p50: at(0.5), p99: at(0.99), max: healthMs.at(-1)?.toFixed(1) },
  }));
  process.exit(0);
});
