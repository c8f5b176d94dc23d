using System.Globalization;
using Google.Protobuf;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.History.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Pages of a run's history; the page token is the next event id.</summary>
internal static class HistoryPages
{
    public const int DefaultPageSize = 1000;

    public static (History Page, ByteString NextToken) Read(WorkflowRun run, ByteString token, int pageSize, long upToEventId)
    {
        var first = 1L;
        if (!token.IsEmpty && !long.TryParse(token.ToStringUtf8(), NumberStyles.None, CultureInfo.InvariantCulture, out first))
        {
            throw RpcErrors.InvalidArgument("Invalid NextPageToken.");
        }

        return Read(run, first, pageSize, upToEventId);
    }

    /// <summary>The events from <paramref name="first"/> on, one page of them.</summary>
    public static (History Page, ByteString NextToken) Read(WorkflowRun run, long first, int pageSize, long upToEventId)
    {
        var size = pageSize <= 0 ? DefaultPageSize : pageSize;
        var last = Math.Min(upToEventId, first + size - 1);
        var page = new History();
        for (var id = first; id <= last; id++)
        {
            page.Events.Add(run.History[(int)id - 1]);
        }

        var next = last < upToEventId ? ByteString.CopyFromUtf8((last + 1).ToString(CultureInfo.InvariantCulture)) : ByteString.Empty;
        return (page, next);
    }
}
