// Starts, queries, pauses, resumes, approves and watches a ClusterUpgrade by type name from TypeScript, against the
// .NET worker, the way a service in another language does (no reference to the .NET types). Prints one JSON line.
// Usage: node src/cluster-upgrade.js <host:port> <taskQueue> <clusterId>
const { Connection, Client } = require('@temporalio/client');

const [address, taskQueue, clusterId] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, probe, limitMs = 90_000) {
  const end = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function main() {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const handle = await client.workflow.start('ClusterUpgrade', {
    taskQueue,
    workflowId: `kafka-upgrade-${clusterId}`,
    args: [{ ClusterId: clusterId, TargetVersion: '3.9', Strategy: 'RollingUpgrade', RestartBatchSize: 3, Timing: { PollIntervalMs: 100 } }],
  });
  const first = await until('a progress answer', () => handle.query('progress'));

  await handle.signal('pause', 'checked from TypeScript');
  const paused = await until('the pause', async () => { const p = await handle.query('progress'); return p.Paused ? p : null; });
  await handle.signal('resume');
  await until('the resume', async () => !(await handle.query('progress')).Paused);

  let refused = null;
  const awaiting = await until('an approval request', async () => {
    const p = await handle.query('progress');
    return p.AwaitingApproval ? p : null;
  });
  try {
    await handle.executeUpdate('approve', { args: ['no-such-step'] });
  } catch (err) {
    refused = String(err.cause?.message ?? err.message);
  }
  const approved = await handle.executeUpdate('approve', { args: [awaiting.AwaitingApproval] });
  const result = await handle.result();
  const description = await handle.describe();
  await connection.close();
  return {
    firstPhase: first.Phase,
    paused: { Paused: paused.Paused, WaitingFor: paused.WaitingFor },
    awaitingApproval: awaiting.AwaitingApproval,
    refused,
    approved,
    outcome: result.Outcome,
    status: description.status.name,
    workflowType: description.type,
  };
}

main().then(
  (output) => { process.stdout.write(JSON.stringify({ ok: true, ...output }) + '\n'); process.exit(0); },
  (err) => { process.stdout.write(JSON.stringify({ ok: false, error: String(err?.stack ?? err) }) + '\n'); process.exit(1); },
);
