// An independent client: grpc-js and proto-loader read the project's .proto files at run time,
// record a small piece of evidence and read the claim's status back. Exits non-zero on any surprise.
'use strict';
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const address = process.argv[2];
if (!address) {
  console.error('usage: node client.js HOST:PORT');
  process.exit(2);
}

const protoRoot = path.resolve(__dirname, '../../protos');
const definition = protoLoader.loadSync('claimstatus/v1/claim_status_service.proto', {
  includeDirs: [protoRoot],
  keepCase: true,
  enums: String,
  longs: String,
  defaults: true,
});
const v1 = grpc.loadPackageDefinition(definition).claimstatus.v1;
const client = new v1.ClaimStatusService(address, grpc.credentials.createInsecure());

const call = (method, request) =>
  new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + 10000);
    client[method](request, { deadline }, (error, reply) => (error ? reject(error) : resolve(reply)));
  });

const seconds = (iso) => ({ seconds: String(Math.floor(Date.parse(iso) / 1000)), nanos: 0 });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  const run = Date.now().toString(36);
  const claimId = `node-claim-${run}`;
  const sources = ['a', 'b', 'c'].map((s) => `node-${s}-${run}`);

  for (const id of sources) {
    await call('UpsertSource', {
      source: { id, name: `Node source ${id}`, kind: 'SOURCE_KIND_NEWS_AGENCY', reliability: 'RELIABILITY_A', groups: [`grp-${id}`] },
    });
  }
  await call('CreateClaim', { claim: { id: claimId, text: 'A claim recorded by the Node.js client.', topics: ['interop'] } });

  const recorded = await call('RecordAssertion', {
    assertion: {
      claim_id: claimId, source_id: sources[0], stance: 'STANCE_SUPPORTS', hedge: 'HEDGE_CERTAIN',
      evidence: 'EVIDENCE_KIND_DOCUMENT', observed_at: seconds('2024-10-20T10:00:00Z'), key: 'node-1',
    },
  });
  check(recorded.replayed === false, 'first RecordAssertion should not be a replay');
  check(Number(recorded.assertion.id) > 0, 'stored assertion should have an id');

  const oneVoice = await call('GetStatus', { claim_id: claimId });
  check(oneVoice.status === 'STATUS_UNVERIFIED', `one voice gave ${oneVoice.status}`);

  for (const [i, id] of sources.slice(1).entries()) {
    await call('RecordAssertion', {
      assertion: {
        claim_id: claimId, source_id: id, stance: 'STANCE_SUPPORTS', hedge: 'HEDGE_CERTAIN',
        observed_at: seconds(`2024-10-2${i + 1}T10:00:00Z`),
      },
    });
  }
  const status = await call('GetStatus', { claim_id: claimId, as_of: seconds('2024-10-30T00:00:00Z'), view: 'STATUS_VIEW_FULL' });
  check(status.status === 'STATUS_CONFIRMED', `three independent A sources gave ${status.status}`);
  check(status.contributions.length === 3, `expected 3 contributions, got ${status.contributions.length}`);
  check(status.policy_version.length > 0, 'status should name its policy version');

  let refused = null;
  try {
    await call('GetStatus', { claim_id: '' });
  } catch (error) {
    refused = error;
  }
  check(refused && refused.code === grpc.status.INVALID_ARGUMENT, 'empty claim_id should be INVALID_ARGUMENT');

  console.log(JSON.stringify({ claim: claimId, status: status.status, probability: status.probability }));
  client.close();
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
