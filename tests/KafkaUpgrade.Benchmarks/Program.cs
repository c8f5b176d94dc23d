using KafkaUpgrade.Benchmarks;

// A plain harness that prints its own figures (see README "Benchmarks"):
//   dotnet run -c Release --project tests/KafkaUpgrade.Benchmarks -- planning [--quick]
var quick = args.Contains("--quick");
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "planning";
switch (scenario)
{
    case "planning":
        PlanningBenchmark.Run(quick);
        return 0;
    default:
        await Console.Error.WriteLineAsync($"Unknown benchmark '{scenario}'. Known: planning.");
        return 2;
}
