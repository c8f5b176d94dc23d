using Grpc.Core;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Waits, without holding the lock, until a check under the lock yields a result, the poll expires or the call is cancelled.</summary>
internal static class LongPoll
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(55);

    /// <summary>
    /// Tries <paramref name="attempt"/> under the lock until it yields a result; between tries waits for
    /// <paramref name="signal"/> (read under the lock; the whole server's <see cref="ServerState.Changes"/> when null),
    /// which must be pulsed by every change that can alter the attempt's answer.
    /// </summary>
    public static async Task<T?> WaitAsync<T>(ServerState state, ServerCallContext call, Func<T?> attempt, TimeSpan? maxWait = null, Func<ChangeSignal>? signal = null)
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

                next = (signal?.Invoke() ?? state.Changes).Next;
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
