using Google.Protobuf.WellKnownTypes;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Real time, in the forms the protocol needs.</summary>
internal static class Clock
{
    public static DateTime Now => DateTime.UtcNow;

    public static Timestamp Stamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static TimeSpan Span(Duration? d) => d is null ? TimeSpan.Zero : d.ToTimeSpan();

    public static Duration Dur(TimeSpan span) => Duration.FromTimeSpan(span);
}
