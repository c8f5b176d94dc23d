namespace KafkaUpgrade.Activities.Contracts;

/// <summary>
/// An activity request about one configured cluster. Every activity's first argument is either the cluster's name
/// (a string) or one of these, so the identity check (<see cref="Identity.ClusterIdentityCheck"/>) can tell which
/// binding an activity is about to use without knowing each activity.
/// </summary>
public interface IClusterRequest
{
    /// <summary>The configured name of the cluster (the binding's id, all a workflow carries).</summary>
    string ClusterId { get; }
}
