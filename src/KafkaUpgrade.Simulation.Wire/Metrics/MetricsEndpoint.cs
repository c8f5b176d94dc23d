using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KafkaUpgrade.Simulation.Wire.Metrics;

/// <summary>
/// The metrics HTTP endpoint: <c>GET /nodes/{id}/metrics</c> is what one node's JMX exporter would serve (a node
/// whose process is down answers 503, as a dead exporter fails a scrape); <c>GET /metrics</c> is every reachable node
/// at once with a <c>node_id</c> label, for a single scrape target; <c>GET /</c> lists the per-node URLs.
/// </summary>
internal static class MetricsEndpoint
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(WebApplication app, WireFront front)
    {
        app.MapGet("/nodes/{id:int}/metrics", (int id) =>
        {
            var snapshot = front.Cache.Current();
            if (!snapshot.Nodes.TryGetValue(id, out var node))
            {
                return Results.NotFound($"no node {id}");
            }

            return node.Reachable
                ? Results.Text(Render(front, snapshot, id), ContentType)
                : Results.Text($"node {id} is {node.Info.State}: its exporter is down", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", () =>
        {
            var snapshot = front.Cache.Current();
            var text = new StringBuilder();
            foreach (var node in snapshot.Nodes.Values.Where(n => n.Reachable))
            {
                foreach (var line in Render(front, snapshot, node.Info.NodeId).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (line.StartsWith('#'))
                    {
                        continue;
                    }

                    var space = line.IndexOf(' ', StringComparison.Ordinal);
                    text.Append(CultureInfo.InvariantCulture, $"{line[..space]}{{node_id=\"{node.Info.NodeId}\"}}{line[space..]}\n");
                }
            }

            return Results.Text(text.ToString(), ContentType);
        });
        app.MapGet("/", () => Results.Text(string.Join('\n', front.Cache.Current().Nodes.Keys.Select(id => $"{front.MetricsAddress}nodes/{id}/metrics")) + "\n"));
    }

    private static string Render(WireFront front, FrontSnapshot snapshot, int nodeId)
    {
        var (total, atMs) = front.BytesIn(nodeId);
        return PrometheusText.Render(snapshot, nodeId, total, front.StartedAtUnixMs + atMs);
    }
}
