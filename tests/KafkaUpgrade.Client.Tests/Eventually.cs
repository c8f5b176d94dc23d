namespace KafkaUpgrade.Client.Tests;

/// <summary>Waits on a condition (never a bare sleep), failing with what was last seen.</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        T last = default!;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} did not happen within {timeoutSeconds} s; last seen: {last}");
    }
}
