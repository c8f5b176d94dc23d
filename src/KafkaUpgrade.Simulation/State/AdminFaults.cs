using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.State;

/// <summary>
/// Faults injected into admin calls (one per call, in order) and a stale metadata view. A real admin client talks to
/// brokers over a network: a request can time out before it is applied, or after (the response is lost), and a
/// broker answers Metadata/DescribeCluster from its metadata cache, which trails the controller by the time updates
/// take to propagate (UpdateMetadata in ZooKeeper mode, metadata log fetches in KRaft).
/// </summary>
internal sealed class AdminFaults
{
    private readonly Queue<(AdminFault Fault, string? Call)> _next = new();
    private readonly Queue<(long AtMs, ClusterState State)> _history = new();

    public long StaleMetadataMs { get; set; }

    public void Add(AdminFault fault, string? call) => _next.Enqueue((fault, call));

    /// <summary>The fault for this call, if the next queued one applies to it (any call when it names none).</summary>
    public AdminFault? Take(string call)
    {
        if (_next.Count > 0 && (_next.Peek().Call is null || string.Equals(_next.Peek().Call, call, StringComparison.Ordinal)))
        {
            return _next.Dequeue().Fault;
        }

        return null;
    }

    public static KafkaApiException TimedOut(string call) =>
        new(KafkaError.RequestTimedOut, $"{call}: Timed out waiting for a node assignment or a response (the call may or may not have been applied)");

    /// <summary>Records the view after a tick while a stale view is asked for.</summary>
    public void Record(long nowMs, Func<ClusterState> describe)
    {
        if (StaleMetadataMs <= 0)
        {
            _history.Clear();
            return;
        }

        _history.Enqueue((nowMs, describe()));
        while (_history.Count > 1 && _history.ElementAt(1).AtMs <= nowMs - StaleMetadataMs)
        {
            _history.Dequeue();
        }
    }

    /// <summary>The view a broker's cache holds now: the one from the stale lag ago, or the current one.</summary>
    public ClusterState View(ClusterState current) => StaleMetadataMs > 0 && _history.Count > 0 ? _history.Peek().State : current;
}
