using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KafkaUpgrade.Simulation.Wire.Control;

namespace KafkaUpgrade.Cli.Commands;

/// <summary>
/// The <c>simulate</c> subcommands: a shell's way to the control endpoint of a running <c>simulate</c> process, shaped
/// like what a provisioning hook gets (node id, version, roles, a server.properties file), so hook scripts drive
/// simulated nodes the way an operator's hooks drive systemd. Each prints the endpoint's JSON answer.
/// </summary>
internal static class SimulateControlCommands
{
    private const string ControlVariable = "KAFKA_UPGRADE_SIMULATE_CONTROL";

    public static IEnumerable<Command> Create(TextWriter output, TextWriter error)
    {
        yield return NodeCommand(output, error);
        yield return FaultCommand(output, error);
        yield return TrafficCommand(output, error);
        yield return ClockCommand(output, error);
        yield return Simple("stats", "Acknowledged, failed and lost writes, safety violations, data moved, per-partition unwritable time.", "/v1/statistics", output, error);
        yield return Simple("cluster", "Cluster id, metadata mode, bootstrap addresses, clock and every node with its ports.", "/v1/cluster", output, error);
    }

    private static Option<string?> Control() => new("--control", "-c")
    {
        Description = $"The control URL `simulate` printed (default: ${ControlVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ControlVariable),
    };

    private static Command NodeCommand(TextWriter output, TextWriter error)
    {
        var node = new Command("node", """
            Act on one simulated node as infrastructure automation would: provision (create and start), stop
            (controlled shutdown), start, restart (optionally with a new version or configuration), decommission
            (destroy with its disks), describe. --config takes the node's server.properties (process.roles absent:
            a ZooKeeper-mode broker); --version, --roles and --rack override it or stand alone. Exit 0 when accepted
            (the node's state then changes in simulated time: poll `describe`), 2 when refused or malformed, 3 when the
            control endpoint cannot be reached.

            Examples:
              kafka-upgrade simulate node describe 3 --control http://127.0.0.1:41000/
              kafka-upgrade simulate node restart 3 --version 3.9.1
              kafka-upgrade simulate node provision 104 --version 4.1.0 --config /etc/kafka/server.properties
              kafka-upgrade simulate node provision 3001 --version 3.9.1 --roles controller
              kafka-upgrade simulate node stop 2
            """);
        foreach (var action in new[] { "provision", "stop", "start", "restart", "decommission", "describe" })
        {
            var id = new Argument<int>("node-id") { Description = "node.id / broker.id." };
            var version = new Option<string?>("--version") { Description = "Kafka version to run, e.g. 3.9.1 (provision: required; restart: default unchanged)." };
            var roles = new Option<string?>("--roles") { Description = "process.roles: broker, controller, broker,controller, or zookeeper for a ZooKeeper-mode broker." };
            var rack = new Option<string?>("--rack") { Description = "broker.rack." };
            var config = new Option<string?>("--config") { Description = "The node's server.properties file." };
            var disk = new Option<long?>("--disk-bytes") { Description = "Disk capacity in bytes." };
            var control = Control();
            var sub = new Command(action, $"{char.ToUpperInvariant(action[0])}{action[1..]} a node.") { id, control };
            if (action is "provision" or "restart")
            {
                sub.Options.Add(version);
                sub.Options.Add(roles);
                sub.Options.Add(rack);
                sub.Options.Add(config);
                sub.Options.Add(disk);
            }

            sub.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
            {
                var nodeId = parse.GetValue(id);
                if (action == "describe")
                {
                    return await CallAsync(parse.GetValue(control), HttpMethod.Get, $"/v1/nodes/{nodeId}", null, output, error, token).ConfigureAwait(false);
                }

                NodeConfigRequest? body = null;
                if (action is "provision" or "restart")
                {
                    var file = parse.GetValue(config);
                    body = new NodeConfigRequest(parse.GetValue(version), parse.GetValue(roles), parse.GetValue(rack), DiskCapacityBytes: parse.GetValue(disk),
                        ServerProperties: file is null ? null : await File.ReadAllTextAsync(file, token).ConfigureAwait(false));
                }

                return await CallAsync(parse.GetValue(control), HttpMethod.Post, $"/v1/nodes/{nodeId}/{action}", body, output, error, token).ConfigureAwait(false);
            }));
            node.Subcommands.Add(sub);
        }

        return node;
    }

    private static Command FaultCommand(TextWriter output, TextWriter error)
    {
        var fault = new Command("fault", """
            Inject a fault into a simulated node (or the controller): crash (process dies, no controlled shutdown),
            slow --factor F (a slow follower at F of its bandwidth; 1 restores), fail-next-start [--reason R],
            isolate / heal (network), fill-disk / free-disk, expire-zookeeper-session, controller-failover (no node id).

            Examples:
              kafka-upgrade simulate fault crash 2
              kafka-upgrade simulate fault slow 4 --factor 0.05
              kafka-upgrade simulate fault controller-failover
            """);
        foreach (var name in new[] { "crash", "slow", "fail-next-start", "isolate", "heal", "fill-disk", "free-disk", "expire-zookeeper-session" })
        {
            var id = new Argument<int>("node-id") { Description = "The node." };
            var factor = new Option<double?>("--factor") { Description = "slow: fraction of bandwidth left (0 < F <= 1)." };
            var reason = new Option<string?>("--reason") { Description = "fail-next-start: what the start fails with." };
            var control = Control();
            var sub = new Command(name, $"Fault: {name}.") { id, control, factor, reason };
            sub.SetAction((parse, token) => CliErrors.GuardAsync(error, () =>
                CallAsync(parse.GetValue(control), HttpMethod.Post, $"/v1/nodes/{parse.GetValue(id)}/faults/{name}", new FaultRequest(parse.GetValue(factor), parse.GetValue(reason)), output, error, token)));
            fault.Subcommands.Add(sub);
        }

        var failoverControl = Control();
        var failover = new Command("controller-failover", "The active controller loses its role; another takes over.") { failoverControl };
        failover.SetAction((parse, token) => CliErrors.GuardAsync(error, () => CallAsync(parse.GetValue(failoverControl), HttpMethod.Post, "/v1/faults/controller-failover", null, output, error, token)));
        fault.Subcommands.Add(failover);
        return fault;
    }

    private static Command TrafficCommand(TextWriter output, TextWriter error)
    {
        var rate = new Option<double?>("--write-rate") { Description = "Producer traffic per partition in KB/s (acks=all)." };
        var topics = new Option<string[]>("--topic") { Description = "Only these topics (repeatable; default all).", AllowMultipleArgumentsPerToken = true };
        var stop = new Option<bool>("--stop") { Description = "Stop the producers." };
        var control = Control();
        var command = new Command("traffic", """
            Start (or replace) acks=all producers on the simulated cluster, or stop them.

            Examples:
              kafka-upgrade simulate traffic --write-rate 100
              kafka-upgrade simulate traffic --write-rate 50 --topic orders --topic payments
              kafka-upgrade simulate traffic --stop
            """)
        {
            rate, topics, stop, control,
        };
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, () =>
        {
            if (parse.GetValue(stop))
            {
                return CallAsync(parse.GetValue(control), HttpMethod.Delete, "/v1/traffic", null, output, error, token);
            }

            var kb = parse.GetValue(rate) ?? throw new BadInputException("give --write-rate KB/s, or --stop.");
            var only = parse.GetValue(topics);
            return CallAsync(parse.GetValue(control), HttpMethod.Put, "/v1/traffic", new TrafficRequest(kb * 1000, Topics: only is { Length: > 0 } ? only : null), output, error, token);
        }));
        return command;
    }

    private static Command ClockCommand(TextWriter output, TextWriter error)
    {
        var speed = new Option<double?>("--speed") { Description = "New speed (simulated per real second; 0 stops the clock)." };
        var advance = new Option<long?>("--advance-ms") { Description = "Step simulated time forward by this many milliseconds now." };
        var control = Control();
        var command = new Command("clock", """
            Show or change the simulated clock.

            Examples:
              kafka-upgrade simulate clock
              kafka-upgrade simulate clock --speed 100
              kafka-upgrade simulate clock --speed 0 --advance-ms 30000
            """)
        {
            speed, advance, control,
        };
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, () =>
        {
            var (s, a) = (parse.GetValue(speed), parse.GetValue(advance));
            return s is null && a is null
                ? CallAsync(parse.GetValue(control), HttpMethod.Get, "/v1/clock", null, output, error, token)
                : CallAsync(parse.GetValue(control), HttpMethod.Put, "/v1/clock", new ClockRequest(s, a), output, error, token);
        }));
        return command;
    }

    private static Command Simple(string name, string description, string path, TextWriter output, TextWriter error)
    {
        var control = Control();
        var command = new Command(name, $"""
            {description}

            Example:
              kafka-upgrade simulate {name} --control http://127.0.0.1:41000/
            """)
        {
            control,
        };
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, () => CallAsync(parse.GetValue(control), HttpMethod.Get, path, null, output, error, token)));
        return command;
    }

    private static async Task<int> CallAsync(string? control, HttpMethod method, string path, object? body, TextWriter output, TextWriter error, CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(control) || !Uri.TryCreate(control, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new BadInputException($"--control must be the control URL `simulate` printed (e.g. http://127.0.0.1:41000/), or set {ControlVariable}; got '{control}'.");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ControlJson.Options);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"error: cannot reach the control endpoint at {baseUri} ({ex.Message}); is `kafka-upgrade simulate` running?").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync(text).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var message = text;
            try
            {
                message = JsonSerializer.Deserialize<ControlError>(text, ControlJson.Options)?.Error ?? text;
            }
            catch (JsonException)
            {
                // Not one of ours: print it as it came.
            }

            await error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict ? ExitCodes.BadInput : ExitCodes.Failure;
        }
    }
}
