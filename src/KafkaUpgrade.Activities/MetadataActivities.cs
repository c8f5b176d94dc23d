using KafkaUpgrade.Activities.Contracts;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using Temporalio.Activities;

namespace KafkaUpgrade.Activities;

/// <summary>Finalized features, the ZooKeeper migration, and the KRaft quorum's membership. Each call is a no-op when already done.</summary>
public sealed class MetadataActivities(IClusterRegistry clusters)
{
    /// <summary>
    /// Finalizes <c>metadata.version</c> at the level (nothing to do when it already is): a lower level is sent as
    /// SAFE_DOWNGRADE (UpdateFeatures refuses a lower level sent as an upgrade), and the update is sent with
    /// <c>validateOnly</c> first so a refusal changes nothing (KIP-584 / KIP-778: UpdateFeaturesRequest ValidateOnly).
    /// </summary>
    [Activity]
    public Task<int> FinalizeMetadataVersionAsync(FinalizeRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = clusters.Resolve(request.ClusterId).Admin;
        var state = await admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        if (state.Features.MetadataVersionLevel == request.Level)
        {
            return request.Level;
        }

        var type = state.Features.MetadataVersionLevel is { } current && request.Level < current ? FeatureUpgradeType.SafeDowngrade : FeatureUpgradeType.Upgrade;
        IReadOnlyList<FeatureUpdate> update = [new FeatureUpdate("metadata.version", request.Level, type)];
        await admin.UpdateFeaturesAsync(update, validateOnly: true, Token).ConfigureAwait(false);
        await admin.UpdateFeaturesAsync(update, cancellationToken: Token).ConfigureAwait(false);
        return request.Level;
    });

    /// <summary>The migration as the controllers report it.</summary>
    [Activity]
    public Task<MigrationStatus> DescribeMigrationAsync(string clusterId) => ActivityFailures.Translate(async () =>
        await clusters.Resolve(clusterId).Admin.DescribeMigrationAsync(Token).ConfigureAwait(false));

    /// <summary>Rollback step: delete /controller and /migration in ZooKeeper.</summary>
    [Activity]
    public Task<bool> ResetZooKeeperControllerAsync(string clusterId) => ActivityFailures.Translate(async () =>
    {
        await clusters.Resolve(clusterId).Admin.ResetZooKeeperControllerAsync(Token).ConfigureAwait(false);
        return true;
    });

    /// <summary>The KRaft quorum now.</summary>
    [Activity]
    public Task<QuorumState> DescribeQuorumAsync(string clusterId) => ActivityFailures.Translate(async () =>
        await clusters.Resolve(clusterId).Admin.DescribeQuorumAsync(Token).ConfigureAwait(false));

    /// <summary>Adds a caught-up controller as a voter (KIP-853); nothing to do when it already is one.</summary>
    [Activity]
    public Task<bool> AddVoterAsync(NodeRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = clusters.Resolve(request.ClusterId);
        var quorum = await connection.Admin.DescribeQuorumAsync(Token).ConfigureAwait(false);
        if (quorum.Voters.Any(v => v.NodeId == request.NodeId))
        {
            return false;
        }

        var node = await connection.Provisioner.DescribeNodeAsync(request.NodeId, Token).ConfigureAwait(false)
            ?? throw new NodeProvisioningException(request.NodeId, "no such node");
        await connection.Admin.AddRaftVoterAsync(request.NodeId, node.DirectoryId, Token).ConfigureAwait(false);
        return true;
    });

    /// <summary>Removes a voter (KIP-853); nothing to do when it is not one.</summary>
    [Activity]
    public Task<bool> RemoveVoterAsync(NodeRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = clusters.Resolve(request.ClusterId);
        var quorum = await connection.Admin.DescribeQuorumAsync(Token).ConfigureAwait(false);
        if (quorum.Voters.FirstOrDefault(v => v.NodeId == request.NodeId) is not { } voter)
        {
            return false;
        }

        var directory = voter.DirectoryId != Guid.Empty
            ? voter.DirectoryId
            : (await connection.Provisioner.DescribeNodeAsync(request.NodeId, Token).ConfigureAwait(false))?.DirectoryId ?? Guid.Empty;
        await connection.Admin.RemoveRaftVoterAsync(request.NodeId, directory, Token).ConfigureAwait(false);
        return true;
    });

    /// <summary>Removes a retired broker's KRaft registration (idempotent).</summary>
    [Activity]
    public Task<bool> UnregisterBrokerAsync(NodeRequest request) => ActivityFailures.Translate(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var admin = clusters.Resolve(request.ClusterId).Admin;
        var state = await admin.DescribeClusterAsync(Token).ConfigureAwait(false);
        if (state.MetadataMode != MetadataMode.KRaft)
        {
            return false;
        }

        try
        {
            await admin.UnregisterBrokerAsync(request.NodeId, Token).ConfigureAwait(false);
            return true;
        }
        catch (KafkaApiException ex) when (ex.Error == KafkaError.BrokerIdNotRegistered)
        {
            return false;
        }
    });

    private static CancellationToken Token => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
