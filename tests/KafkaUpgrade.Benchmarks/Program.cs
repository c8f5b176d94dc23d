// Benchmarks print their own figures; see README "Benchmarks". Filled in with the planners.
Console.WriteLine("no benchmarks yet");
