using System.Text.Json;
using System.Text.Json.Serialization;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Simulation.Traffic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KafkaUpgrade.Simulation.Wire.Control;

/// <summary>
/// The control endpoint: what is not a Kafka API, as JSON over HTTP on loopback (routes in the README). Refusals
/// answer 400 (bad input), 404 (no such node) or 409 (the simulated infrastructure or Kafka refused; nothing changed)
/// with a <see cref="ControlError"/>.
/// </summary>
internal static class ControlEndpoint
{
    private static JsonSerializerOptions Json => ControlJson.Options;

    public static void Map(WebApplication app, WireFront front)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/cluster", () => Guard(() => Task.FromResult<object>(Cluster(front))));
        v1.MapGet("/snapshot", () => Results.Text(front.Simulator.WriteSnapshot(), "application/json"));
        v1.MapGet("/nodes", () => Guard(() => Task.FromResult<object>(Nodes(front))));
        v1.MapGet("/nodes/{id:int}", (int id) => Guard(() => Task.FromResult<object>(Node(front, id))));
        v1.MapPost("/nodes/{id:int}/provision", (int id, HttpRequest request) => Guard(async () =>
        {
            var body = await Body<NodeConfigRequest>(request).ConfigureAwait(false) ?? throw new FormatException("a JSON body with the node's configuration is required");
            var existing = await front.Simulator.Provisioner.DescribeNodeAsync(id).ConfigureAwait(false);
            await front.Simulator.Provisioner.ProvisionAsync(id, body.Resolve(id, existing?.State == NodeState.Decommissioned ? null : existing?.Config)).ConfigureAwait(false);
            return await After(front, id).ConfigureAwait(false);
        }));
        v1.MapPost("/nodes/{id:int}/stop", (int id) => Guard(() => NodeAction(front, id, p => p.StopAsync(id))));
        v1.MapPost("/nodes/{id:int}/start", (int id) => Guard(() => NodeAction(front, id, p => p.StartAsync(id))));
        v1.MapPost("/nodes/{id:int}/decommission", (int id) => Guard(() => NodeAction(front, id, p => p.DecommissionAsync(id))));
        v1.MapPost("/nodes/{id:int}/restart", (int id, HttpRequest request) => Guard(async () =>
        {
            var body = await Body<NodeConfigRequest>(request).ConfigureAwait(false) ?? new NodeConfigRequest();
            var current = Node(front, id).Config;
            await front.Simulator.Provisioner.RestartAsync(id, body.Resolve(id, current)).ConfigureAwait(false);
            return await After(front, id).ConfigureAwait(false);
        }));
        v1.MapPost("/nodes/{id:int}/faults/{fault}", (int id, string fault, HttpRequest request) => Guard(async () =>
        {
            var body = await Body<FaultRequest>(request).ConfigureAwait(false) ?? new FaultRequest();
            _ = Node(front, id);
            var sim = front.Simulator;
            switch (fault)
            {
                case "crash": sim.CrashNode(id); break;
                case "slow": sim.SetBandwidthFactor(id, body.Factor is > 0 and <= 1 ? body.Factor.Value : throw new FormatException("slow needs factor, the fraction of bandwidth left (0 < factor <= 1; 1 restores it)")); break;
                case "fail-next-start": sim.FailNextStart(id, body.Reason ?? "injected start failure"); break;
                case "isolate": sim.IsolateNode(id); break;
                case "heal": sim.HealNetwork(id); break;
                case "fill-disk": sim.FillDisk(id); break;
                case "free-disk": sim.FreeDisk(id); break;
                case "expire-zookeeper-session": sim.ExpireZooKeeperSession(id); break;
                default: throw new FormatException($"unknown fault '{fault}' (known: crash, slow, fail-next-start, isolate, heal, fill-disk, free-disk, expire-zookeeper-session)");
            }

            return await After(front, id).ConfigureAwait(false);
        }));
        v1.MapPost("/faults/controller-failover", () => Guard(async () =>
        {
            var done = front.Simulator.FailOverController();
            await front.ChangedAsync().ConfigureAwait(false);
            return done ? Cluster(front) : throw new InvalidOperationException("there is no active controller to fail over");
        }));
        v1.MapPut("/traffic", (HttpRequest request) => Guard(async () =>
        {
            var body = await Body<TrafficRequest>(request).ConfigureAwait(false) ?? throw new FormatException("a JSON body {bytesPerSecondPerPartition, recordBytes, topics} is required");
            if (body.BytesPerSecondPerPartition < 0 || body.RecordBytes < 1)
            {
                throw new FormatException("bytesPerSecondPerPartition must be at least 0 and recordBytes at least 1");
            }

            front.Simulator.StartTraffic(new TrafficSpec(body.BytesPerSecondPerPartition, body.RecordBytes, body.Topics));
            await front.ChangedAsync().ConfigureAwait(false);
            return body;
        }));
        v1.MapDelete("/traffic", () => Guard(async () =>
        {
            front.Simulator.StopTraffic();
            await front.ChangedAsync().ConfigureAwait(false);
            return new { stopped = true };
        }));
        // ZooKeeper is not a Kafka API either: what an operator reads (/migration) or deletes (rmr /controller, /migration) with zookeeper-shell.
        v1.MapGet("/zookeeper/migration", () => Guard(async () => await front.Simulator.Admin.DescribeMigrationAsync().ConfigureAwait(false)));
        v1.MapPost("/zookeeper/reset-controller", () => Guard(async () =>
        {
            await front.Simulator.Admin.ResetZooKeeperControllerAsync().ConfigureAwait(false);
            await front.ChangedAsync().ConfigureAwait(false);
            return Cluster(front);
        }));
        v1.MapGet("/clock", () => Guard(() => Task.FromResult<object>(Clock(front))));
        v1.MapPut("/clock", (HttpRequest request) => Guard(async () =>
        {
            var body = await Body<ClockRequest>(request).ConfigureAwait(false) ?? throw new FormatException("a JSON body {speed, advanceMs} is required");
            if (body.Speed is < 0 || body.AdvanceMs is < 0)
            {
                throw new FormatException("speed and advanceMs must be at least 0");
            }

            if (body.Speed is { } speed)
            {
                await front.Clock.SetSpeedAsync(speed).ConfigureAwait(false);
            }

            if (body.AdvanceMs is { } ms)
            {
                front.Simulator.Step(TimeSpan.FromMilliseconds(ms));
            }

            await front.ChangedAsync().ConfigureAwait(false);
            return Clock(front);
        }));
        // The replication throttle as Kafka holds it, including rates left on broker ids that are gone (only that broker
        // can change them): what a rehearsal checks was cleared at the end. null when none is set anywhere.
        v1.MapGet("/throttle", () => Guard(async () => (object)new { throttle = await front.Simulator.Admin.DescribeReplicationThrottleAsync().ConfigureAwait(false) }));
        v1.MapGet("/statistics", () => Guard(() =>
        {
            var stats = front.Simulator.Statistics;
            return Task.FromResult<object>(new
            {
                simulatedMs = (long)front.Simulator.Now.TotalMilliseconds,
                stats.AckedWrites,
                stats.FailedWrites,
                stats.LostAckedWrites,
                lostAckedWritesRecount = front.Simulator.CountLostAckedWrites(),
                stats.MinIsrViolations,
                stats.UnsafeRemovals,
                stats.BytesReplicatedToNewReplicas,
                stats.ReassignmentsCompleted,
                unwritableMsByPartition = stats.UnwritableMsByPartition.Where(kv => kv.Value > 0).ToDictionary(),
                stats.SafetyEvents,
            });
        }));
    }

    private static ClockView Clock(WireFront front) => new((long)front.Simulator.Now.TotalMilliseconds, front.Clock.Speed);

    private static ClusterView Cluster(WireFront front)
    {
        var state = front.Simulator.Snapshot();
        return new ClusterView(state.ClusterId, state.MetadataMode, front.BootstrapServers, front.BootstrapControllers, front.ControllerBootstrap, front.BrokerBootstrap, front.MetricsAddress, Clock(front), Nodes(front));
    }

    private static List<NodeView> Nodes(WireFront front) => [.. front.Simulator.DescribeNodes().Select(n => View(front, n))];

    private static NodeView Node(WireFront front, int id) =>
        front.Simulator.DescribeNodes().FirstOrDefault(n => n.Info.NodeId == id) is { } node
            ? View(front, node)
            : throw new KeyNotFoundException($"node {id}: no such node");

    private static NodeView View(WireFront front, NodeStatus status)
    {
        var info = status.Info;
        var config = info.Config;
        var roles = config.ProcessRoles switch
        {
            null => "zookeeper",
            NodeRoles.Combined => "broker,controller",
            NodeRoles.Controller => "controller",
            _ => "broker",
        };
        var broker = front.Ports.Port(info.NodeId, controller: false);
        var controller = front.Ports.Port(info.NodeId, controller: true);
        return new NodeView(info.NodeId, info.State, config.Version.ToString(), roles, config.Rack, status.Reachable, info.DirectoryId, info.FailureReason,
            broker is { } b ? $"127.0.0.1:{b}" : null, controller is { } c ? $"127.0.0.1:{c}" : null,
            new Uri(front.MetricsAddress, $"nodes/{info.NodeId}/metrics"), config);
    }

    private static async Task<object> NodeAction(WireFront front, int id, Func<INodeProvisioner, Task> action)
    {
        _ = Node(front, id);
        await action(front.Simulator.Provisioner).ConfigureAwait(false);
        return await After(front, id).ConfigureAwait(false);
    }

    private static async Task<object> After(WireFront front, int id)
    {
        await front.ChangedAsync().ConfigureAwait(false);
        return Node(front, id);
    }

    private static async Task<T?> Body<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Json).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the body is not valid JSON for this request: {ex.Message}", ex);
        }
    }

    private static async Task<IResult> Guard(Func<Task<object>> action)
    {
        try
        {
            return Results.Json(await action().ConfigureAwait(false), Json);
        }
        catch (FormatException ex)
        {
            return Results.Json(new ControlError(ex.Message), Json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Json(new ControlError(ex.Message), Json, statusCode: StatusCodes.Status404NotFound);
        }
        catch (KafkaApiException ex)
        {
            return Results.Json(new ControlError(ex.Message, ex.Error.Name, ex.Error.Code), Json, statusCode: StatusCodes.Status409Conflict);
        }
        catch (Exception ex) when (ex is NodeProvisioningException or InvalidOperationException or ArgumentException)
        {
            return Results.Json(new ControlError(ex.Message), Json, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
