// The peer tests start a wire front per test and run other people's clients as child processes (node, kcat,
// python, librdkafka) against it. Run in parallel on a 2-core machine, a kafkajs listGroups once saw its connection
// closed (CI, 1 run in 3); one test class at a time keeps each peer's timeouts meaningful.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
