// Activities of the TypeScript conformance scenarios.
const { Context, CancelledFailure } = require('@temporalio/activity');

const seen = { cancelObserved: false, cleanup: false };

async function greet(name) {
  if (name === 'cleanup') seen.cleanup = true;
  return `Hello, ${name}!`;
}

async function flaky(key) {
  const info = Context.current().info;
  if (info.attempt <= 2) throw new Error(`attempt ${info.attempt} of ${key} fails on purpose`);
  return {
    attempt: info.attempt,
    scheduleToCloseTimeoutMs: info.scheduleToCloseTimeoutMs,
    startToCloseTimeoutMs: info.startToCloseTimeoutMs,
    heartbeatTimeoutMs: info.heartbeatTimeoutMs ?? null,
    scheduledTimestampMs: info.scheduledTimestampMs,
    currentAttemptScheduledTimestampMs: info.currentAttemptScheduledTimestampMs,
    retryPolicy: info.retryPolicy ?? null,
    taskQueue: info.taskQueue,
    activityType: info.activityType,
  };
}

async function heartbeatThenStall() {
  const ctx = Context.current();
  if (ctx.info.attempt === 1) {
    ctx.heartbeat('progress-1');
    // Stalls without heartbeating: the server's heartbeat timeout ends this attempt and schedules the next one.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return 'attempt 1 finished too late';
  }
  return `attempt ${ctx.info.attempt} resumed from ${ctx.info.heartbeatDetails ?? 'none'}`;
}

async function waitForCancel() {
  const ctx = Context.current();
  try {
    for (;;) {
      ctx.heartbeat();
      await ctx.sleep(100);
    }
  } catch (err) {
    if (err instanceof CancelledFailure) seen.cancelObserved = true;
    throw err;
  }
}

module.exports = { greet, flaky, heartbeatThenStall, waitForCancel, seen };
