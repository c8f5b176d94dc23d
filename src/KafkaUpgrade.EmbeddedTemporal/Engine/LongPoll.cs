using Grpc.Core;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Waits, without holding the lock, until a check under the lock yields a result, the poll expires or the call is cancelled.</summary>
internal static class LongPoll
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(55);

    public static async Task<T?> WaitAsync<T>(ServerState state, ServerCallContext call, Func<T?> attempt, TimeSpan? maxWait = null)
        where T : class
    {
        var limit = maxWait ?? MaxWait;
        var remainingToDeadline = call.Deadline == DateTime.MaxValue ? limit : call.Deadline.ToUniversalTime() - DateTime.UtcNow - TimeSpan.FromSeconds(1);
        var deadline = DateTime.UtcNow + (remainingToDeadline < limit ? remainingToDeadline : limit);
        while (true)
        {
            Task next;
            lock (state.Gate)
            {
                var result = attempt();
                if (result is not null)
                {
                    state.Commit();
                    return result;
                }

                next = state.Changes.Next;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || call.CancellationToken.IsCancellationRequested)
            {
                return null;
            }

            try
            {
                await next.WaitAsync(remaining, call.CancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }
}
