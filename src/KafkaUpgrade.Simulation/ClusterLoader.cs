using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Core.Validation;
using KafkaUpgrade.Core.Versions;
using KafkaUpgrade.Simulation.Behaviour;
using KafkaUpgrade.Simulation.State;

namespace KafkaUpgrade.Simulation;

/// <summary>Builds simulator state from a cluster description (a snapshot of a real cluster, or a generated one).</summary>
internal static class ClusterLoader
{
    public static SimCluster Load(ClusterState state, SimulationOptions options, VersionCatalog catalog)
    {
        new ClusterValidator(catalog).ThrowIfInvalid(state);
        var cluster = new SimCluster(state.ClusterId, options, catalog);
        var voterDirectories = state.Quorum?.Voters.ToDictionary(v => v.NodeId, v => v.DirectoryId) ?? [];
        var zooKeeperMode = state.MetadataMode == MetadataMode.ZooKeeper;
        foreach (var node in state.Nodes)
        {
            // A broker's own inter.broker.protocol.version when the snapshot records it; otherwise pinned to the
            // cluster's, as a snapshot that does not record it always loaded (a 3.9 broker of a mixed cluster left
            // unset would otherwise speak 3.9 and stop replicating).
            var config = new NodeConfig(node.Version, zooKeeperMode && !node.IsController ? null : node.Roles, node.Rack,
                zooKeeperMode ? node.InterBrokerProtocolVersion ?? state.Features.InterBrokerProtocolVersion : null, DiskCapacityBytes: node.DiskCapacityBytes);
            var directory = voterDirectories.GetValueOrDefault(node.Id);
            if (directory == Guid.Empty)
            {
                var bytes = new byte[16];
                cluster.Random.NextBytes(bytes);
                directory = new Guid(bytes);
            }

            cluster.SetNode(new SimNode(node.Id, config, directory)
            {
                State = node.State is NodeState.Provisioning or NodeState.Starting or NodeState.ShuttingDown ? NodeState.Running : node.State,
                KRaftRegistered = !zooKeeperMode && node.State != NodeState.Decommissioned,
                CleanShutdown = true,
            });
        }

        LoadTopics(cluster, state);
        LoadMetadata(cluster, state);
        return cluster;
    }

    private static void LoadTopics(SimCluster cluster, ClusterState state)
    {
        foreach (var topic in state.Topics)
        {
            var simTopic = new SimTopic(topic.Name, topic.MinInsyncReplicas);
            foreach (var partition in topic.Partitions)
            {
                var simPartition = new SimPartition(simTopic, partition.Partition)
                {
                    Replicas = [.. partition.Replicas],
                    Isr = [.. partition.Isr],
                    Leader = partition.Leader,
                    LeaderEpoch = partition.LeaderEpoch,
                };
                foreach (var replica in partition.Replicas)
                {
                    // Replicas out of the ISR lag: give them 90% of the log so they must catch up to rejoin.
                    simPartition.Leo[replica] = partition.Isr.Contains(replica) ? partition.SizeBytes : partition.SizeBytes * 0.9;
                    simPartition.LastCaughtUpMs[replica] = partition.Isr.Contains(replica) ? 0 : -(long)cluster.Options.ReplicaLagTimeMax.TotalMilliseconds;
                }

                simTopic.Partitions.Add(simPartition);
                cluster.Partitions[simPartition.Id] = simPartition;
            }

            cluster.Topics.Add(simTopic);
        }

        foreach (var reassignment in state.InFlightReassignments)
        {
            var partition = cluster.Partitions[reassignment.Partition];
            partition.Target = reassignment.Replicas.Except(reassignment.RemovingReplicas).ToList();
            partition.Adding = [.. reassignment.AddingReplicas];
            partition.Removing = [.. reassignment.RemovingReplicas];
            partition.Replicas = [.. reassignment.Replicas];
        }
    }

    private static void LoadMetadata(SimCluster cluster, ClusterState state)
    {
        cluster.Migration = state.MetadataMode switch
        {
            MetadataMode.ZooKeeper => ZkMigrationState.ZooKeeper,
            MetadataMode.KRaft => ZkMigrationState.None,
            MetadataMode.MigrationQuorumProvisioned or MetadataMode.MigrationBrokersInMigrationMode => ZkMigrationState.PreMigration,
            _ => ZkMigrationState.Migration,
        };
        cluster.KRaftOwnsZooKeeperController = cluster.Migration == ZkMigrationState.Migration;
        cluster.MetadataVersionLevel = state.Features.MetadataVersionLevel;
        cluster.KraftVersion = state.Features.KraftVersion;
        cluster.ZooKeeperControllerId = state.MetadataMode == MetadataMode.ZooKeeper ? state.ZooKeeperControllerId : null;
        if (state.MetadataMode == MetadataMode.ZooKeeper && cluster.ZooKeeperControllerId is null)
        {
            ZooKeeperController.Elect(cluster);
        }

        if (state.Quorum is { } quorum)
        {
            var simQuorum = new SimQuorum { LeaderId = quorum.LeaderId, LeaderEpoch = quorum.LeaderEpoch, LogEndOffset = Math.Max(quorum.HighWatermark, 1) };
            foreach (var voter in quorum.Voters)
            {
                simQuorum.Voters.Add((voter.NodeId, cluster.Node(voter.NodeId)!.DirectoryId));
            }

            foreach (var controller in cluster.Controllers)
            {
                controller.MetadataLeo = simQuorum.LogEndOffset;
                controller.LastCaughtUpMs = 0;
            }

            cluster.Quorum = simQuorum;
        }
    }
}
