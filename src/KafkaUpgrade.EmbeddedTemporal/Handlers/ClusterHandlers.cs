using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>
/// What the Temporal UI and the `temporal` CLI ask about the server: cluster info, and the empty lists of features
/// this server does not run (schedules, batch operations, remote clusters), which are honest answers while it runs none.
/// </summary>
internal sealed class ClusterHandlers(ServerState state, string persistence)
{
    /// <summary>The Temporal API level this server answers to (the one the SDKs it is tested with speak); "-embedded" says it is not Temporal's server.</summary>
    public const string ServerVersion = "1.24.0-embedded";

    private static readonly string ClusterId = Guid.NewGuid().ToString();

    public void Register(RpcRegistry r)
    {
        r.Add<GetClusterInfoRequest, GetClusterInfoResponse>(ServiceNames.Workflow, "GetClusterInfo", _ => new GetClusterInfoResponse
        {
            ServerVersion = ServerVersion,
            ClusterId = ClusterId,
            ClusterName = "embedded",
            HistoryShardCount = 1,
            PersistenceStore = persistence,
            VisibilityStore = persistence,
        });
        r.Add<ListSchedulesRequest, ListSchedulesResponse>(ServiceNames.Workflow, "ListSchedules", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            return new ListSchedulesResponse();
        }));
        r.Add<ListBatchOperationsRequest, ListBatchOperationsResponse>(ServiceNames.Workflow, "ListBatchOperations", req => state.Locked(() =>
        {
            state.Namespaces.Require(req.Namespace);
            return new ListBatchOperationsResponse();
        }));
        r.Add<ListClustersRequest, ListClustersResponse>(ServiceNames.Operator, "ListClusters", _ => new ListClustersResponse());
        r.Add<UpdateNamespaceRequest, UpdateNamespaceResponse>(ServiceNames.Workflow, "UpdateNamespace", req => state.Locked(() =>
        {
            var ns = state.Namespaces.Require(req.Namespace);
            if (req.UpdateInfo?.Description is { Length: > 0 } description)
            {
                ns.Description = description;
                state.NamespacesChanged();
            }

            return new UpdateNamespaceResponse
            {
                NamespaceInfo = NamespaceHandlers.Describe(ns).NamespaceInfo,
                Config = NamespaceHandlers.Describe(ns).Config,
                IsGlobalNamespace = false,
            };
        }));
    }
}
