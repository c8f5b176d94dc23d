using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>A sample cluster served by the wire front with its clock standing still: tests move time themselves, so runs are deterministic.</summary>
internal sealed class TestFront : IAsyncDisposable
{
    private TestFront(WireFront front) => Front = front;

    public WireFront Front { get; }

    public KafkaSimulator Simulator => Front.Simulator;

    public static async Task<TestFront> StartAsync(string sample = "small-kraft-4.0.json", SimulationOptions? options = null, WireFrontOptions? frontOptions = null)
    {
        var simulator = KafkaSimulator.LoadSnapshot(Path.Combine(AppContext.BaseDirectory, "samples", sample), options ?? new SimulationOptions { Seed = 7 });
        return new TestFront(await WireFront.StartAsync(simulator, frontOptions ?? new WireFrontOptions { Speed = 0 }));
    }

    public static Task<TestFront> ZooKeeperAsync() => StartAsync("small-zk-3.8.json");

    public NodeEndpoint Broker(int id) => Front.Endpoints.Single(e => e.NodeId == id && !e.IsController);

    public NodeEndpoint Controller(int id) => Front.Endpoints.Single(e => e.NodeId == id && e.IsController);

    public ClusterState State => Simulator.Snapshot();

    /// <summary>Steps simulated time until <paramref name="condition"/> holds (at most <paramref name="timeout"/> simulated), then lets the ports follow.</summary>
    public async Task RunUntilAsync(Func<ClusterState, bool> condition, TimeSpan? timeout = null)
    {
        Assert.True(Simulator.RunUntil(condition, timeout ?? TimeSpan.FromMinutes(10)), "condition not reached in simulated time");
        await Front.SyncAsync();
    }

    /// <summary>
    /// Runs a request that Kafka answers only after something happens in the cluster (a voter change is answered once
    /// committed under the new voter set) while stepping simulated time until the answer arrives.
    /// </summary>
    public async Task<T> WhileSteppingAsync<T>(Func<Task<T>> request, TimeSpan? timeout = null)
    {
        var pending = Task.Run(request);
        var limit = Simulator.Now + (timeout ?? TimeSpan.FromMinutes(5));
        while (!pending.IsCompleted && Simulator.Now < limit)
        {
            Simulator.Step(Simulator.Tick);
            await Task.WhenAny(pending, Task.Delay(5));
        }

        return await pending;
    }

    /// <inheritdoc cref="WhileSteppingAsync{T}(Func{Task{T}}, TimeSpan?)"/>
    public Task<T> WhileStepping<T>(Func<T> request) => WhileSteppingAsync(() => Task.FromResult(request()));

    public ValueTask DisposeAsync() => Front.DisposeAsync();
}
