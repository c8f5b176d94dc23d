using System.Globalization;
using System.Text;
using Google.Protobuf;
using KafkaUpgrade.EmbeddedTemporal.Rpc;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>What a task token names: a workflow task, an activity attempt or a query.</summary>
internal sealed record TaskToken(char Kind, string RunId, long ScheduledEventId, int Attempt, string QueryId)
{
    public const char Workflow = 'W';
    public const char Activity = 'A';
    public const char Query = 'Q';

    public ByteString ToBytes() =>
        ByteString.CopyFromUtf8(string.Join('|', Kind, RunId, ScheduledEventId.ToString(CultureInfo.InvariantCulture), Attempt.ToString(CultureInfo.InvariantCulture), QueryId));

    public static TaskToken Parse(ByteString bytes)
    {
        var parts = Encoding.UTF8.GetString(bytes.Span).Split('|');
        if (parts.Length != 5 || parts[0].Length != 1
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var scheduled)
            || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out var attempt))
        {
            throw RpcErrors.InvalidArgument("Error deserializing task token.");
        }

        return new TaskToken(parts[0][0], parts[1], scheduled, attempt, parts[4]);
    }
}
