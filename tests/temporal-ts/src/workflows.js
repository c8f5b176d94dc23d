// Workflows of the TypeScript conformance scenarios (bundled by @temporalio/worker; deterministic code only).
const wf = require('@temporalio/workflow');

const { greet, flaky } = wf.proxyActivities({ startToCloseTimeout: '10s', retry: { initialInterval: '50ms', backoffCoefficient: 1 } });
const { heartbeatThenStall } = wf.proxyActivities({ startToCloseTimeout: '20s', heartbeatTimeout: '1s', retry: { initialInterval: '50ms' } });
const { waitForCancel } = wf.proxyActivities({ startToCloseTimeout: '30s', heartbeatTimeout: '2s' });

const addSignal = wf.defineSignal('add');
const finishSignal = wf.defineSignal('finish');
const itemsQuery = wf.defineQuery('items');
const addAndCount = wf.defineUpdate('addAndCount');

async function activities(name) {
  const greeting = await greet(name);
  const retried = await flaky('key');
  return { greeting, retried };
}

async function timer(ms) {
  const before = Date.now();
  await wf.sleep(ms);
  return { sleptMs: Date.now() - before };
}

async function interactive() {
  const items = [];
  let done = false;
  wf.setHandler(addSignal, (item) => { items.push(item); });
  wf.setHandler(finishSignal, () => { done = true; });
  wf.setHandler(itemsQuery, () => items);
  wf.setHandler(addAndCount, async (item) => {
    items.push(await greet(item));
    return items.length;
  }, { validator: (item) => { if (!item) throw new Error('item must not be empty'); } });
  await wf.condition(() => done);
  return items;
}

async function child(x) {
  return x * 2;
}

async function parent(x) {
  const doubled = await wf.executeChild(child, { args: [x], workflowId: `${wf.workflowInfo().workflowId}-child` });
  return doubled + 1;
}

async function counter(n, total) {
  if (n === 0) return { total, runs: wf.workflowInfo().continuedFromExecutionRunId ? 'continued' : 'first' };
  await wf.continueAsNew(n - 1, total + n);
}

async function cancellable() {
  try {
    await waitForCancel();
    return 'not cancelled';
  } catch (err) {
    if (wf.isCancellation(err)) {
      await wf.CancellationScope.nonCancellable(() => greet('cleanup'));
      throw err;
    }
    throw err;
  }
}

async function heartbeats() {
  return await heartbeatThenStall();
}

module.exports = { activities, timer, interactive, child, parent, counter, cancellable, heartbeats };
