using System.CommandLine;
using KafkaUpgrade.Client;

namespace KafkaUpgrade.Cli.Commands;

/// <summary>
/// The operator's levers on a running operation: <c>pause</c>, <c>resume</c>, <c>approve</c>, <c>abort</c>,
/// <c>set-throttle</c>, <c>set-batch-size</c>. Each names the cluster and prints what it did.
/// </summary>
internal static class SteerCommands
{
    public static IEnumerable<Command> Create(TextWriter output, TextWriter error)
    {
        var reason = () => new Option<string?>("--reason") { Description = "Why (shown in progress and the Temporal UI)." };

        var pauseReason = reason();
        yield return Steer("pause", """
            Pause at the next safe point (never mid-restart or with a throttle left behind); the operation waits,
            durably, until resumed.

            Example:
              kafka-upgrade pause prod-eu-1 --reason "traffic peak"
            """, [pauseReason], async (h, p, t) =>
            {
                await h.PauseAsync(p.GetValue(pauseReason), t).ConfigureAwait(false);
                return "pause requested";
            }, output, error);

        yield return Steer("resume", """
            Resume a paused operation.

            Example:
              kafka-upgrade resume prod-eu-1
            """, [], async (h, _, t) =>
            {
                await h.ResumeAsync(t).ConfigureAwait(false);
                return "resume requested";
            }, output, error);

        var step = new Option<string?>("--gate", "--step") { Description = "The gate you approve, as 'status' shows it under 'awaiting approval' (required: an approval names its gate)." };
        yield return Steer("approve", """
            Approve the gate waiting for approval: a rollback boundary (inter.broker.protocol.version bump,
            metadata.version finalization, KRaft migration finalization), named as 'status' shows it. Refused when
            nothing or another gate waits; an approval is never kept for a later gate.

            Example:
              kafka-upgrade approve prod-eu-1 --gate "hop 2: BumpInterBrokerProtocol 3.9 -> 3.9"
            """, [step], async (h, p, t) => $"approved: {await h.ApproveAsync(p.GetValue(step)!, t).ConfigureAwait(false)}", output, error,
            p => string.IsNullOrWhiteSpace(p.GetValue(step)) ? "--gate is required: name the gate you approve, as 'kafka-upgrade status' shows it." : null);

        var abortReason = reason();
        yield return Steer("abort", """
            Abort: roll back where possible (a KRaft migration before finalization goes back to ZooKeeper; data
            moves are cancelled and throttles cleared), stop safely where not.

            Example:
              kafka-upgrade abort prod-eu-1 --reason "consumer lag alarm"
            """, [abortReason], async (h, p, t) =>
            {
                await h.AbortAsync(p.GetValue(abortReason), t).ConfigureAwait(false);
                return "abort requested";
            }, output, error);

        var rate = new Argument<long>("mb-per-second") { Description = "Replication throttle per broker in MB/s." };
        yield return Steer("set-throttle", """
            Change the replication throttle of data being moved now and later.

            Example:
              kafka-upgrade set-throttle prod-eu-1 200
            """, [rate], async (h, p, t) =>
            {
                var value = p.GetValue(rate);
                await h.SetThrottleAsync(value * 1024 * 1024, t).ConfigureAwait(false);
                return $"throttle set to {value} MB/s";
            }, output, error, p => p.GetValue(rate) < 1 ? $"the throttle must be at least 1 MB/s, was {p.GetValue(rate)}." : null);

        var size = new Argument<int>("size") { Description = "Most nodes per batch from the next batch on." };
        yield return Steer("set-batch-size", """
            Change the batch size (old brokers drained at once, or brokers restarted together) from the next batch on.

            Example:
              kafka-upgrade set-batch-size prod-eu-1 3
            """, [size], async (h, p, t) =>
            {
                var value = p.GetValue(size);
                await h.SetBatchSizeAsync(value, t).ConfigureAwait(false);
                return $"batch size set to {value}";
            }, output, error, p => p.GetValue(size) < 1 ? $"the batch size must be at least 1, was {p.GetValue(size)}." : null);
    }

    private static Command Steer(
        string name,
        string description,
        Symbol[] extra,
        Func<OperationHandle, ParseResult, CancellationToken, Task<string>> act,
        TextWriter output,
        TextWriter error,
        Func<ParseResult, string?>? validate = null)
    {
        var temporal = new TemporalOptions();
        var cluster = new Argument<string>("cluster") { Description = "Cluster id." };
        var command = new Command(name, description) { cluster };
        foreach (var symbol in extra)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
            }
        }

        temporal.AddTo(command);
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            // Every argument is checked before anything is contacted: bad input is exit 2 even with no server.
            CommonOptions.RequireClusterId(parse.GetValue(cluster));
            if (validate?.Invoke(parse) is { } problem)
            {
                throw new BadInputException(problem);
            }

            var client = await temporal.ConnectAsync(parse, token).ConfigureAwait(false);
            var handle = client.GetOperation(parse.GetValue(cluster)!);
            var summary = await handle.DescribeAsync(token).ConfigureAwait(false);
            if (summary.Status != "Running")
            {
                throw new BadInputException($"{summary.WorkflowId} is not running (status {summary.Status}).");
            }

            var done = await act(handle, parse, token).ConfigureAwait(false);
            await output.WriteLineAsync($"{handle.WorkflowId}: {done}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }
}
