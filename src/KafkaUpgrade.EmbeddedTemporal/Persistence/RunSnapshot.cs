namespace KafkaUpgrade.EmbeddedTemporal.Persistence;

/// <summary>The mutable state of a run in a JSON-friendly form; protobuf messages are kept as their bytes.</summary>
internal sealed record RunSnapshot(
    string Namespace,
    string WorkflowId,
    string RunId,
    string WorkflowType,
    string TaskQueue,
    string StartRequestId,
    DateTime StartTime,
    TimeSpan WorkflowTaskTimeout,
    DateTime? RunDeadline,
    ParentSnapshot? Parent,
    int Status,
    DateTime? CloseTime,
    byte[] Memo,
    byte[] SearchAttributes,
    bool CancelRequested,
    int Task,
    long TaskScheduledEventId,
    long TaskStartedEventId,
    DateTime TaskStartedAt,
    DateTime TaskScheduledAt,
    int TaskAttempt,
    long PreviousStartedEventId,
    List<byte[]> Buffered,
    List<ActivitySnapshot> Activities,
    List<TimerSnapshot> Timers,
    List<ChildSnapshot> Children,
    List<UpdateSnapshot> Updates);

/// <summary>Persisted parent reference.</summary>
internal sealed record ParentSnapshot(string Namespace, string WorkflowId, string RunId, long InitiatedEventId);

/// <summary>Persisted pending activity (its attributes are re-read from the scheduled event).</summary>
internal sealed record ActivitySnapshot(
    long ScheduledEventId,
    DateTime ScheduledTime,
    int Attempt,
    int State,
    DateTime CurrentAttemptScheduledTime,
    DateTime ReadyAt,
    DateTime StartedTime,
    DateTime? LastHeartbeat,
    byte[]? HeartbeatDetails,
    byte[]? LastFailure,
    string StartedIdentity,
    bool CancelRequested,
    long CancelRequestedEventId);

/// <summary>Persisted timer.</summary>
internal sealed record TimerSnapshot(string TimerId, long StartedEventId, DateTime FireAt);

/// <summary>Persisted child.</summary>
internal sealed record ChildSnapshot(long InitiatedEventId, string WorkflowId, string WorkflowType, string RunId, long StartedEventId, bool Closed, int ParentClosePolicy);

/// <summary>Persisted update.</summary>
internal sealed record UpdateSnapshot(string UpdateId, byte[] Request, bool Accepted, byte[]? Outcome);
