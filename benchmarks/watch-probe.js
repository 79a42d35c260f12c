// The timed writes of benchmarks/watch-fanout.sh (loopback only): PROBES single RecordAssertion calls, one every
// INTERVAL_MS, each a certain refutation by an A-grade source on its own fresh claim probe-NN, which moves that claim
// from UNVERIFIED to DENIED. A single write rescores its claim inside the call, so the transition is committed
// between the moment the call is sent and the moment its reply arrives: the two times bound the commit.
//   node benchmarks/watch-probe.js 127.0.0.1:PORT PROBES INTERVAL_MS OUT.json
// OUT.json: {"probe-00": {"sent": ms, "replied": ms}, ...} in wall-clock milliseconds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const modules = path.resolve(__dirname, '../tests/interop/node_modules');
const grpc = require(path.join(modules, '@grpc/grpc-js'));
const protoLoader = require(path.join(modules, '@grpc/proto-loader'));

const [address, probesText, intervalText, outFile] = process.argv.slice(2);
const probes = Number(probesText), interval = Number(intervalText);
if (!address?.startsWith('127.0.0.1:') || !(probes > 0 && probes <= 100) || !(interval >= 50 && interval <= 60000) || !outFile) {
  console.error('usage: node watch-probe.js 127.0.0.1:PORT PROBES(1-100) INTERVAL_MS(50-60000) OUT.json');
  process.exit(2);
}
const definition = protoLoader.loadSync('claimstatus/v1/claim_status_service.proto', {
  includeDirs: [path.resolve(__dirname, '../protos')], keepCase: true, longs: String, enums: String, defaults: true,
});
const v1 = grpc.loadPackageDefinition(definition).claimstatus.v1;
const client = new v1.ClaimStatusService(address, grpc.credentials.createInsecure());
const wallMs = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const out = {};
  const begin = wallMs();
  for (let i = 0; i < probes; i++) {
    await sleep(Math.max(0, begin + i * interval - wallMs()));
    const claim = `probe-${String(i).padStart(2, '0')}`;
    const assertion = { claim_id: claim, source_id: 'probe-gov', stance: 'STANCE_REFUTES', hedge: 'HEDGE_CERTAIN',
      evidence: 'EVIDENCE_KIND_OFFICIAL_STATEMENT', observed_at: { seconds: String(Math.floor(Date.now() / 1000) - 60), nanos: 0 } };
    const sent = wallMs();
    await new Promise((resolve, reject) => client.RecordAssertion({ assertion }, { deadline: Date.now() + 60000 },
      (e) => (e ? reject(new Error(`${claim}: ${e.details}`)) : resolve())));
    out[claim] = { sent, replied: wallMs() };
  }
  fs.writeFileSync(outFile, JSON.stringify(out));
  console.log(`probes ${probes}`);
  process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
