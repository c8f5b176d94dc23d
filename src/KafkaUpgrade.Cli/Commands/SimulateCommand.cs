using System.CommandLine;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Traffic;
using KafkaUpgrade.Simulation.Wire;

namespace KafkaUpgrade.Cli.Commands;

/// <summary>
/// <c>kafka-upgrade simulate</c>: a simulated cluster served over Kafka's protocol as its own process, until Ctrl+C
/// / SIGTERM; its subcommands drive that process through its control endpoint.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var snapshot = new Option<string?>("--snapshot", "-s") { Description = "Cluster snapshot JSON to simulate (samples/, or `snapshot generate`)." };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second (0: the clock stands still until advanced).", DefaultValueFactory = _ => 1 };
        var writeRate = new Option<double>("--write-rate") { Description = "Producer traffic per partition in KB/s (acks=all); 0 for none.", DefaultValueFactory = _ => 0 };
        var port = new Option<int>("--port") { Description = "First Kafka port: nodes get consecutive ports from it in node id order (0: free ports).", DefaultValueFactory = _ => 0 };
        var brokerBootstrapPort = new Option<int>("--broker-bootstrap-port") { Description = "Port of the broker bootstrap address, one address in front of every broker (0: a free port).", DefaultValueFactory = _ => 0 };
        var controllerBootstrapPort = new Option<int>("--controller-bootstrap-port") { Description = "Port of the controller bootstrap address, one address in front of every KRaft controller (0: a free port).", DefaultValueFactory = _ => 0 };
        var metricsPort = new Option<int>("--metrics-port") { Description = "Port of the Prometheus metrics endpoint (0: a free port).", DefaultValueFactory = _ => 0 };
        var controlPort = new Option<int>("--control-port") { Description = "Port of the control endpoint (0: a free port).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulator's random choices (ties, elections): the same seed and the same requests give the same run.", DefaultValueFactory = _ => 1 };
        var tickMs = new Option<int?>("--tick-ms") { Description = "Simulated milliseconds per step; every partition is visited once a step (default: 500, or 5000 above 20,000 partitions)." };
        var command = new Command("simulate", """
            Run a simulated Kafka cluster as a Kafka endpoint: every broker on its own 127.0.0.1 port speaking Kafka's
            protocol as the release it runs (point kcat, kafka-topics.sh, kafka-metadata-quorum.sh or any client at
            it), KRaft controllers on theirs, each node's metrics in Prometheus text, and a control endpoint for what
            is not a Kafka API. Prints, one per line, `bootstrap: ...`, `bootstrap-controller: ...` (KRaft),
            `controller-bootstrap: ...` (one address in front of every controller, open even before any exists, as a
            DNS name or VIP), `metrics: ...` and `control: ...`, then runs until Ctrl+C / SIGTERM. The subcommands
            (node, fault, traffic, clock, stats) drive a running simulation through --control (or
            KAFKA_UPGRADE_SIMULATE_CONTROL).

            Examples:
              kafka-upgrade simulate --snapshot samples/small-kraft-4.0.json
              kafka-upgrade simulate -s samples/small-zk-3.8.json --speed 10 --write-rate 100 --port 19092
              kcat -L -J -b 127.0.0.1:19092
              kafka-upgrade simulate node restart 3 --version 3.9.1 --control http://127.0.0.1:41000/
            """)
        {
            snapshot, speed, writeRate, port, controllerBootstrapPort, brokerBootstrapPort, metricsPort, controlPort, seed, tickMs,
        };
        foreach (var sub in SimulateControlCommands.Create(output, error))
        {
            command.Subcommands.Add(sub);
        }

        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var path = parse.GetValue(snapshot) ?? throw new BadInputException("--snapshot is required to run a simulation (or give a subcommand: node, fault, traffic, clock, stats).");
            var pace = parse.GetValue(speed);
            var rate = parse.GetValue(writeRate);
            if (pace is < 0 or > 100_000 || rate < 0)
            {
                throw new BadInputException($"--speed must be between 0 and 100000 (was {pace}) and --write-rate at least 0 (was {rate}).");
            }

            foreach (var (name, value) in new[] { ("--port", parse.GetValue(port)), ("--controller-bootstrap-port", parse.GetValue(controllerBootstrapPort)), ("--broker-bootstrap-port", parse.GetValue(brokerBootstrapPort)), ("--metrics-port", parse.GetValue(metricsPort)), ("--control-port", parse.GetValue(controlPort)) })
            {
                if (value is < 0 or > 65535)
                {
                    throw new BadInputException($"{name} must be between 0 and 65535, was {value}.");
                }
            }

            var tick = parse.GetValue(tickMs);
            if (tick is < 1 or > 60_000)
            {
                throw new BadInputException($"--tick-ms must be between 1 and 60000, was {tick}.");
            }

            var cluster = Core.Snapshots.ClusterSnapshotSerializer.ReadFile(path);
            // A tick visits every partition: large clusters use 5 s ticks (see the simulator's README for figures).
            var options = new SimulationOptions
            {
                Seed = parse.GetValue(seed),
                Tick = tick is { } ms ? TimeSpan.FromMilliseconds(ms) : cluster.PartitionCount > 20_000 ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500),
            };
            var simulator = KafkaSimulator.Load(cluster, options);
            if (rate > 0)
            {
                simulator.StartTraffic(new TrafficSpec(rate * 1000));
            }

            var frontOptions = new WireFrontOptions { BasePort = parse.GetValue(port), ControllerBootstrapPort = parse.GetValue(controllerBootstrapPort), BrokerBootstrapPort = parse.GetValue(brokerBootstrapPort), MetricsPort = parse.GetValue(metricsPort), ControlPort = parse.GetValue(controlPort), Speed = pace };
            WireFront front;
            try
            {
                front = await WireFront.StartAsync(simulator, frontOptions, cancellationToken: token).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new BadInputException($"cannot listen: {ex.Message} (is another simulation running? try --port 0).");
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new BadInputException($"cannot listen: {ex.Message} (is another simulation running? try --port 0).");
            }

            await using (front.ConfigureAwait(false))
            {
                foreach (var line in front.Banner())
                {
                    await output.WriteLineAsync(line).ConfigureAwait(false);
                }

                await output.FlushAsync(token).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C / SIGTERM: the way out.
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
