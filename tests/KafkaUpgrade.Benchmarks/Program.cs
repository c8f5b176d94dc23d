using KafkaUpgrade.Benchmarks;

// A plain harness that prints its own figures (see README "Benchmarks"):
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- planning [--quick]
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- upgrades [--clusters 20] [--quick] [--speed 500] [--address host:port]
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- history-bound [--address host:port]
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- embedded-temporal [--workflows 100] [--address host:port]
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- wire [--quick]
var quick = args.Contains("--quick");
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "planning";
switch (scenario)
{
    case "planning":
        PlanningBenchmark.Run(quick);
        return 0;
    case "history-bound":
        return await KafkaUpgrade.Benchmarks.Upgrades.HistoryBoundBenchmark.RunAsync(args);
    case "embedded-temporal":
        return await KafkaUpgrade.Benchmarks.EmbeddedTemporal.EmbeddedTemporalBenchmark.RunAsync(args);
    case "wire":
        return await KafkaUpgrade.Benchmarks.Wire.WireBenchmark.RunAsync(args);
    case "upgrades":
        return await KafkaUpgrade.Benchmarks.Upgrades.UpgradesBenchmark.RunAsync(args);
    default:
        await Console.Error.WriteLineAsync($"Unknown benchmark '{scenario}'. Known: planning, upgrades, history-bound, embedded-temporal, wire.");
        return 2;
}
