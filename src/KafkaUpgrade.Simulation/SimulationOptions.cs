namespace KafkaUpgrade.Simulation;

/// <summary>
/// The simulator's physics: Kafka's defaults where Kafka has one (cited), otherwise documented assumptions
/// (research notes §7, "Durations"). All times are simulated time.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Seed of every random choice; the same seed and the same calls give the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Longest simulated time one internal tick covers; <see cref="KafkaSimulator.Step"/> splits longer steps. A tick
    /// visits every partition, so for 100,000 partitions prefer 5 s (durations then resolve to 5 s, well under
    /// <c>replica.lag.time.max.ms</c>); see the README for figures.
    /// </summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Network bandwidth of a node per direction (assumption: 10 Gbit/s NIC, about 1.1 GiB/s usable).</summary>
    public long NodeBandwidthBytesPerSecond { get; init; } = 1_100L * 1024 * 1024;

    /// <summary>Kafka's <c>replica.lag.time.max.ms</c> (default 30000).</summary>
    public TimeSpan ReplicaLagTimeMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Kafka's <c>broker.session.timeout.ms</c> (KRaft, default 9000): a crashed broker is fenced after it.</summary>
    public TimeSpan KRaftSessionTimeout { get; init; } = TimeSpan.FromSeconds(9);

    /// <summary>Kafka's <c>zookeeper.session.timeout.ms</c> (default 18000): a crashed ZooKeeper-mode broker is noticed after it.</summary>
    public TimeSpan ZooKeeperSessionTimeout { get; init; } = TimeSpan.FromSeconds(18);

    /// <summary>After losing its ZooKeeper session, time for a broker to open a new one and register again (assumption).</summary>
    public TimeSpan ZooKeeperReconnectTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Controlled shutdown: moving leadership away and stopping (assumption within Kafka's observed 0.2-5 s).</summary>
    public TimeSpan ControlledShutdownTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Creating a machine and installing Kafka before the process starts (assumption).</summary>
    public TimeSpan ProvisioningTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Process start after a clean shutdown (assumption within 5-30 s).</summary>
    public TimeSpan CleanStartTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra start time, drawn from the seed per start (assumption), so brokers started together recover in a seeded order.</summary>
    public TimeSpan StartJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Log recovery throughput after an unclean shutdown, per node (assumption within 50-200 MB/s per thread).</summary>
    public long RecoveryBytesPerSecond { get; init; } = 100L * 1024 * 1024;

    /// <summary>Data written since the last recovery checkpoint that an unclean restart must re-validate, per partition (Kafka checkpoints every 60 s).</summary>
    public TimeSpan RecoveryCheckpointInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Kafka's <c>initial.broker.registration.timeout.ms</c> (60000): a broker that cannot register gives up after it.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>KRaft leader election after losing the leader: fetch timeout 2 s + election timeout 1 s.</summary>
    public TimeSpan QuorumElectionTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Time for a quorum membership change (VotersRecord) to commit.</summary>
    public TimeSpan VoterChangeCommitTime { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Metadata records a new controller replays per second while catching up (assumption).</summary>
    public long MetadataCatchUpRecordsPerSecond { get; init; } = 20_000;

    /// <summary>Copying ZooKeeper metadata into KRaft: records per second (assumption).</summary>
    public long MigrationCopyRecordsPerSecond { get; init; } = 50_000;

    /// <summary>Kafka's <c>leader.imbalance.check.interval.seconds</c> (300) for automatic preferred leader election.</summary>
    public TimeSpan LeaderImbalanceCheckInterval { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Kafka's <c>auto.leader.rebalance.enable</c> (default true).</summary>
    public bool AutoLeaderRebalance { get; init; } = true;

    /// <summary>
    /// Compatibility switch, off by default: when true, brokers whose <c>inter.broker.protocol.version</c> is newer
    /// than a leader's release still replicate from it (the simulator's behaviour before it modelled IBP mismatches).
    /// Kafka does not work that way; only for tests of orchestrators that do not pin the IBP yet.
    /// </summary>
    public bool IgnoreInterBrokerProtocolMismatch { get; init; }

    /// <summary>The producers' <c>delivery.timeout.ms</c> (default 120000): an acks=all write not acknowledged by then fails.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a KRaft broker's controlled shutdown waits for an active controller before it stops anyway (3.x
    /// <c>BrokerServer.shutdown</c> waits 5 minutes for the controller's approval).
    /// </summary>
    public TimeSpan KRaftControlledShutdownTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// ZooKeeper mode: without a controller a broker's controlled shutdown retries <c>controlled.shutdown.max.retries</c>
    /// (3) times <c>controlled.shutdown.retry.backoff.ms</c> (5000) and then stops uncleanly (KafkaServer.controlledShutdown).
    /// </summary>
    public TimeSpan ZooKeeperControlledShutdownRetries { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>KRaft's <c>controller.quorum.request.timeout.ms</c> (2000): a voter change not committed by then answers REQUEST_TIMED_OUT.</summary>
    public TimeSpan QuorumRequestTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
