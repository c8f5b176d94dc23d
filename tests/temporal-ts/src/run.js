// Runs one conformance scenario with the Temporal TypeScript SDK against a server and prints one JSON line.
// Usage: node src/run.js <host:port> <scenario>. Exit code 0 with {"ok":true,...}, else 1 with {"ok":false,"error":...}.
const path = require('path');
const { Worker, Runtime, DefaultLogger } = require('@temporalio/worker');
const { Connection, Client, WorkflowFailedError } = require('@temporalio/client');
const activities = require('./activities');

Runtime.install({ logger: new DefaultLogger('WARN') });

const [address, scenario] = process.argv.slice(2);
const id = (prefix) => `ts-${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;

async function eventTypes(client, workflowId) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return history.events.map((e) => String(e.eventType));
}

const scenarios = {
  async activities(client, taskQueue) {
    const workflowId = id('activities');
    const result = await client.workflow.execute('activities', { taskQueue, workflowId, args: ['Kafka'] });
    return { result, events: await eventTypes(client, workflowId) };
  },
  async timer(client, taskQueue) {
    return { result: await client.workflow.execute('timer', { taskQueue, workflowId: id('timer'), args: [300] }) };
  },
  async interactive(client, taskQueue) {
    const handle = await client.workflow.start('interactive', { taskQueue, workflowId: id('interactive') });
    await handle.signal('add', 'a');
    await handle.signal('add', 'b');
    const queried = await handle.query('items');
    const count = await handle.executeUpdate('addAndCount', { args: ['c'] });
    let rejected = null;
    try {
      await handle.executeUpdate('addAndCount', { args: [''] });
    } catch (err) {
      rejected = String(err.cause?.message ?? err.message);
    }
    await handle.signal('finish');
    return { queried, count, rejected, result: await handle.result() };
  },
  async child(client, taskQueue) {
    return { result: await client.workflow.execute('parent', { taskQueue, workflowId: id('parent'), args: [20] }) };
  },
  async continueAsNew(client, taskQueue) {
    const workflowId = id('counter');
    const result = await client.workflow.execute('counter', { taskQueue, workflowId, args: [3, 0] });
    return { result };
  },
  async cancellation(client, taskQueue) {
    const handle = await client.workflow.start('cancellable', { taskQueue, workflowId: id('cancel') });
    // Cancel once the activity has started (the workflow is then waiting on it).
    for (let i = 0; i < 200; i++) {
      const d = await handle.describe();
      if ((d.raw.pendingActivities ?? []).some((a) => String(a.state).includes('STARTED') || a.state === 2)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await handle.cancel();
    let failure = null;
    try {
      await handle.result();
    } catch (err) {
      failure = err instanceof WorkflowFailedError ? err.cause?.constructor?.name : String(err);
    }
    const status = (await handle.describe()).status.name;
    // The workflow sees its cancellation at once (TRY_CANCEL); the activity learns it from its next heartbeat response.
    for (let i = 0; i < 200 && !activities.seen.cancelObserved; i++) await new Promise((r) => setTimeout(r, 50));
    return { failure, status, cancelObserved: activities.seen.cancelObserved, cleanup: activities.seen.cleanup };
  },
  async heartbeats(client, taskQueue) {
    return { result: await client.workflow.execute('heartbeats', { taskQueue, workflowId: id('heartbeats') }) };
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!run) throw new Error(`unknown scenario ${scenario}; known: ${Object.keys(scenarios).join(', ')}`);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const taskQueue = id(`queue-${scenario}`);
  const worker = await Worker.create({
    connection: await require('@temporalio/worker').NativeConnection.connect({ address }),
    namespace: 'default',
    taskQueue,
    workflowsPath: path.join(__dirname, 'workflows.js'),
    activities,
    shutdownGraceTime: '1s',
  });
  const output = await worker.runUntil(run(client, taskQueue));
  await connection.close();
  return output;
}

main().then(
  (output) => { process.stdout.write(JSON.stringify({ ok: true, ...output }) + '\n'); process.exit(0); },
  (err) => { process.stdout.write(JSON.stringify({ ok: false, error: String(err?.stack ?? err) }) + '\n'); process.exit(1); },
);
