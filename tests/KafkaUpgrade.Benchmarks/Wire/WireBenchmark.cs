using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Synthetic;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Simulation;
using KafkaUpgrade.Simulation.Wire;

namespace KafkaUpgrade.Benchmarks.Wire;

/// <summary>
/// The wire front serving the 200-broker / 100,000-partition cluster (KRaft, so DescribeTopicPartitions is served):
/// time and bytes of a full Metadata answer (cold: the first after a change, which builds the cluster snapshot;
/// warm: later ones in the same simulated instant), a full DescribeTopicPartitions walk in pages of 2,000,
/// requests/s of ApiVersions + Metadata(one topic) from 50 concurrent connections, and the process's memory.
/// <c>--quick</c>: 30 brokers / 10,000 partitions and a 2-second load phase (what CI runs).
/// </summary>
internal static class WireBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var spec = (quick ? SyntheticClusterSpec.Large() with { Brokers = 30, Partitions = 10_000, Topics = 50 } : SyntheticClusterSpec.Large())
            with { Mode = MetadataMode.KRaft };
        var state = SyntheticClusterGenerator.Generate(spec);
        var before = Process.GetCurrentProcess().WorkingSet64;
        var simulator = KafkaSimulator.Load(state, new SimulationOptions { Tick = TimeSpan.FromSeconds(5) });
        await using var front = await WireFront.StartAsync(simulator, new WireFrontOptions { Speed = 0 });
        var port = front.Endpoints.First(e => !e.IsController).Port;
        Console.WriteLine($"wire: {spec.Brokers} brokers, {state.PartitionCount:N0} partitions, {state.Topics.Count} topics (KRaft {spec.Version})");

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var correlation = 0;
        async Task<byte[]> Call(ApiKey key, short version, KafkaStruct body)
        {
            var frame = KafkaMessages.EncodeRequestFrame(key, version, ++correlation, "bench", body);
            await stream.WriteAsync(frame);
            var size = new byte[4];
            await stream.ReadExactlyAsync(size);
            var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
            await stream.ReadExactlyAsync(payload);
            return payload;
        }

        var allTopics = KafkaApis.Metadata.NewRequest().Set("Topics", null).Set("AllowAutoTopicCreation", false);
        var cold = new List<double>();
        var warm = new List<double>();
        long metadataBytes = 0;
        for (var i = 0; i < 5; i++)
        {
            await front.ChangedAsync();
            var watch = Stopwatch.StartNew();
            var payload = await Call(ApiKey.Metadata, 12, allTopics);
            cold.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            payload = await Call(ApiKey.Metadata, 12, allTopics);
            warm.Add(watch.Elapsed.TotalMilliseconds);
            metadataBytes = payload.Length;
        }

        var snapshotMs = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            front.Cache.Invalidate();
            var watch = Stopwatch.StartNew();
            _ = front.Cache.Current();
            snapshotMs.Add(watch.Elapsed.TotalMilliseconds);
        }

        var decoded = KafkaMessages.DecodeResponse(ApiKey.Metadata, 12, await Call(ApiKey.Metadata, 12, allTopics), out _);
        var partitions = decoded.GetStructs("Topics")!.Sum(t => t.GetStructs("Partitions")!.Count);
        Console.WriteLine($"  Metadata v12, all topics: {partitions:N0} partitions, {metadataBytes / 1024.0 / 1024.0:0.0} MB; cold {cold.Min():0} ms (best of 5), warm {warm.Min():0} ms (median {warm.Order().ElementAt(2):0} ms)");
        Console.WriteLine($"    of the cold time, reading the simulator's cluster state (ClusterState snapshot under its lock): {snapshotMs.Min():0} ms; the rest is building and encoding the answer");

        var dtp = KafkaApis.Get(ApiKey.DescribeTopicPartitions);
        var walk = Stopwatch.StartNew();
        long dtpBytes = 0;
        var pages = 0;
        var seen = 0;
        KafkaStruct? cursor = null;
        do
        {
            var request = dtp.NewRequest().Set("ResponsePartitionLimit", 2000).Set("Topics", new List<KafkaStruct>());
            if (cursor is not null)
            {
                request.SetNew("Cursor").Set("TopicName", cursor.GetString("TopicName")).Set("PartitionIndex", cursor.GetInt32("PartitionIndex"));
            }

            var payload = await Call(ApiKey.DescribeTopicPartitions, 0, request);
            dtpBytes += payload.Length;
            pages++;
            var response = KafkaMessages.DecodeResponse(ApiKey.DescribeTopicPartitions, 0, payload, out _);
            seen += response.GetStructs("Topics")!.Sum(t => t.GetStructs("Partitions")?.Count ?? 0);
            cursor = response.GetStruct("NextCursor");
        }
        while (cursor is not null);
        Console.WriteLine($"  DescribeTopicPartitions, all topics in pages of 2,000: {seen:N0} partitions in {pages} pages, {dtpBytes / 1024.0 / 1024.0:0.0} MB, {walk.Elapsed.TotalMilliseconds:0} ms (client decoding included)");

        var seconds = quick ? 2 : 10;
        var ports = front.Endpoints.Where(e => !e.IsController).Select(e => e.Port).ToList();
        var topic = state.Topics[0].Name;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var counts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => LoadAsync(ports[i % ports.Count], topic, stop.Token)));
        Console.WriteLine($"  50 connections, ApiVersions + Metadata(1 topic) pairs for {seconds} s: {counts.Sum() * 2.0 / seconds:N0} requests/s");
        GC.Collect();
        Console.WriteLine($"  memory: working set {Measurement.Mb(Process.GetCurrentProcess().WorkingSet64)} (before the cluster {Measurement.Mb(before)}), peak {Measurement.Mb(Measurement.PeakWorkingSetBytes())}, managed heap {Measurement.Mb(GC.GetTotalMemory(false))}");
        return 0;
    }

    private static async Task<long> LoadAsync(int port, string topic, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, token);
        var stream = client.GetStream();
        var versions = KafkaMessages.EncodeRequestFrame(ApiKey.ApiVersions, 3, 1, "load", KafkaApis.ApiVersions.NewRequest().Set("ClientSoftwareName", "bench").Set("ClientSoftwareVersion", "1"));
        var metadataRequest = KafkaApis.Metadata.NewRequest();
        metadataRequest.Add("Topics").Set("Name", topic);
        var metadata = KafkaMessages.EncodeRequestFrame(ApiKey.Metadata, 12, 2, "load", metadataRequest);
        var size = new byte[4];
        var buffer = new byte[1 << 20];
        long pairs = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                foreach (var frame in new[] { versions, metadata })
                {
                    await stream.WriteAsync(frame, token);
                    await stream.ReadExactlyAsync(size, token);
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, BinaryPrimitives.ReadInt32BigEndian(size)), token);
                }

                pairs++;
            }
        }
        catch (OperationCanceledException)
        {
            // The load phase is over.
        }

        return pairs;
    }
}
