using KafkaUpgrade.Benchmarks;

// A plain harness that prints its own figures (see README "Benchmarks"):
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- planning [--quick]
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- upgrades [--clusters 20] [--quick] [--address host:port]
var quick = args.Contains("--quick");
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "planning";
switch (scenario)
{
    case "planning":
        PlanningBenchmark.Run(quick);
        return 0;
    case "upgrades":
        return await KafkaUpgrade.Benchmarks.Upgrades.UpgradesBenchmark.RunAsync(args);
    default:
        await Console.Error.WriteLineAsync($"Unknown benchmark '{scenario}'. Known: planning, upgrades.");
        return 2;
}
