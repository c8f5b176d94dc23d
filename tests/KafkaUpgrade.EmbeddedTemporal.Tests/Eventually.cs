namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>Waits on a condition (polling, with a generous bound), never a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, int maxSeconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(maxSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(50);
        }
    }
}
