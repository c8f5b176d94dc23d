using System.Globalization;

namespace KafkaUpgrade.ZooKeeper.Kafka;

/// <summary>
/// What Kafka keeps in ZooKeeper, read and (for the migration rollback) changed through a
/// <see cref="ZooKeeperClient"/> connected with the cluster's <c>zookeeper.connect</c> (chroot included).
/// Reads and the rollback are idempotent, so a CONNECTIONLOSS is retried a bounded number of times.
/// </summary>
public sealed class KafkaZooKeeper(ZooKeeperClient client)
{
    private const int Attempts = 3;

    /// <summary>The current controller, or null when none is registered (between elections, or after the rollback step).</summary>
    public Task<ControllerZNode?> ReadControllerAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(KafkaZNodePaths.Controller, KafkaZNodeJson.Controller, cancellationToken);

    /// <summary>The migration state the KRaft controller wrote, or null when no migration ever ran (or it was removed).</summary>
    public Task<MigrationZNode?> ReadMigrationAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(KafkaZNodePaths.Migration, KafkaZNodeJson.Migration, cancellationToken);

    /// <summary>The controller epoch, or null when the cluster never had a controller.</summary>
    public async Task<int?> ReadControllerEpochAsync(CancellationToken cancellationToken = default)
    {
        var node = await RetryAsync(() => client.TryGetDataAsync(KafkaZNodePaths.ControllerEpoch, cancellationToken)).ConfigureAwait(false);
        return node is null ? null : KafkaZNodeJson.ControllerEpoch(node);
    }

    /// <summary>Kafka's cluster id (<c>/cluster/id</c>), or null before the first broker started.</summary>
    public Task<string?> ReadClusterIdAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(KafkaZNodePaths.ClusterId, KafkaZNodeJson.ClusterId, cancellationToken);

    /// <summary>The ids of the brokers registered now (ephemeral <c>/brokers/ids/N</c>), ascending.</summary>
    public async Task<IReadOnlyList<int>> ListBrokerIdsAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> children;
        try
        {
            children = await RetryAsync(() => client.GetChildrenAsync(KafkaZNodePaths.BrokerIds, cancellationToken)).ConfigureAwait(false);
        }
        catch (ZooKeeperException e) when (e.Error == ZooKeeperError.NoNode)
        {
            return [];
        }

        return children
            .Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
            .OfType<int>()
            .Order()
            .ToList();
    }

    /// <summary>Broker <paramref name="brokerId"/>'s registration, or null when it is not registered.</summary>
    public Task<BrokerZNode?> ReadBrokerAsync(int brokerId, CancellationToken cancellationToken = default) =>
        ReadAsync($"{KafkaZNodePaths.BrokerIds}/{brokerId.ToString(CultureInfo.InvariantCulture)}", node => KafkaZNodeJson.Broker(brokerId, node), cancellationToken);

    /// <summary>
    /// The ZooKeeper step of reverting a migration (Kafka 3.9 operations guide, "Reverting to ZooKeeper mode During
    /// the Migration": once the controller quorum is deprovisioned, "quickly use zookeeper-shell to run
    /// <c>rmr /controller</c>" so a ZooKeeper broker is elected, then <c>get /migration</c> and <c>rmr /migration</c>
    /// so a later migration starts afresh). Deletes <c>/controller</c>, then <c>/migration</c>, each with whatever
    /// is below it; what is already absent counts as done, so running it twice is harmless. Returns what was there.
    /// </summary>
    /// <remarks>
    /// The caller decides whether the rollback is allowed (never after finalization) and that the KRaft quorum is
    /// gone first: a running KRaft controller would register itself again.
    /// </remarks>
    public async Task<ControllerResetResult> DeleteControllerAndMigrationAsync(CancellationToken cancellationToken = default)
    {
        var controller = await ReadControllerAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await RetryAsync(() => client.DeleteRecursiveAsync(KafkaZNodePaths.Controller, cancellationToken)).ConfigureAwait(false);
        var migration = await ReadMigrationAsync(cancellationToken).ConfigureAwait(false);
        deleted += await RetryAsync(() => client.DeleteRecursiveAsync(KafkaZNodePaths.Migration, cancellationToken)).ConfigureAwait(false);
        return new ControllerResetResult(controller, migration, deleted);
    }

    private async Task<T?> ReadAsync<T>(string path, Func<ZNodeData, T> decode, CancellationToken cancellationToken)
        where T : class
    {
        var node = await RetryAsync(() => client.TryGetDataAsync(path, cancellationToken)).ConfigureAwait(false);
        return node is null ? null : decode(node);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.ConnectionLoss && attempt < Attempts)
            {
                // The next call reconnects (same session); the operations here are safe to repeat.
            }
        }
    }
}
