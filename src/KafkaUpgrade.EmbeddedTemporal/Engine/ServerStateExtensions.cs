namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Runs an operation under the state lock and commits its changes.</summary>
internal static class ServerStateExtensions
{
    public static T Locked<T>(this ServerState state, Func<T> operation)
    {
        lock (state.Gate)
        {
            try
            {
                return operation();
            }
            finally
            {
                state.Commit();
            }
        }
    }
}
