using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>An activity between its scheduled event and its final outcome; retries leave no history events.</summary>
internal sealed class PendingActivity
{
    public required long ScheduledEventId { get; init; }
    public required ActivityTaskScheduledEventAttributes Attributes { get; init; }
    public required DateTime ScheduledTime { get; init; }
    public int Attempt { get; set; } = 1;
    public ActivityState State { get; set; } = ActivityState.Scheduled;
    public DateTime CurrentAttemptScheduledTime { get; set; }
    public DateTime ReadyAt { get; set; }
    public DateTime StartedTime { get; set; }
    public DateTime? LastHeartbeat { get; set; }
    public Payloads? HeartbeatDetails { get; set; }
    public Failure? LastFailure { get; set; }
    public string StartedIdentity { get; set; } = "";
    public bool CancelRequested { get; set; }
    public bool Enqueued { get; set; }
    public long CancelRequestedEventId { get; set; }
}

/// <summary>Where an activity attempt is.</summary>
internal enum ActivityState
{
    Scheduled,
    Started,
    Backoff,
}
