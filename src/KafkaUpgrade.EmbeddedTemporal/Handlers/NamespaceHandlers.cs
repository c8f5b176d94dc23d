using Google.Protobuf.WellKnownTypes;
using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>System info and namespaces.</summary>
internal sealed class NamespaceHandlers(ServerState state)
{
    public void Register(RpcRegistry r)
    {
        r.Add<GetSystemInfoRequest, GetSystemInfoResponse>(ServiceNames.Workflow, "GetSystemInfo", _ => new GetSystemInfoResponse
        {
            ServerVersion = ClusterHandlers.ServerVersion,
            Capabilities = new GetSystemInfoResponse.Types.Capabilities
            {
                SignalAndQueryHeader = true,
                InternalErrorDifferentiation = true,
                ActivityFailureIncludeHeartbeat = true,
                EncodedFailureAttributes = true,
                UpsertMemo = true,
                SdkMetadata = true,
            },
        });
        r.Add<DescribeNamespaceRequest, DescribeNamespaceResponse>(ServiceNames.Workflow, "DescribeNamespace", req => state.Locked(() =>
        {
            var name = req.Namespace;
            if (string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(req.Id))
            {
                name = state.Namespaces.All.FirstOrDefault(n => n.Id == req.Id)?.Name ?? throw RpcErrors.NamespaceNotFound(req.Id);
            }

            return Describe(state.Namespaces.Require(name));
        }));
        r.Add<RegisterNamespaceRequest, RegisterNamespaceResponse>(ServiceNames.Workflow, "RegisterNamespace", req => state.Locked(() =>
        {
            if (string.IsNullOrEmpty(req.Namespace))
            {
                throw RpcErrors.InvalidArgument("Namespace not set on request.");
            }

            if (state.Namespaces.Exists(req.Namespace))
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.AlreadyExists, "Namespace already exists."));
            }

            state.Namespaces.Register(req.Namespace, req.Description);
            state.NamespacesChanged();
            return new RegisterNamespaceResponse();
        }));
        r.Add<ListNamespacesRequest, ListNamespacesResponse>(ServiceNames.Workflow, "ListNamespaces", _ => state.Locked(() =>
        {
            var response = new ListNamespacesResponse();
            response.Namespaces.AddRange(state.Namespaces.All.Select(Describe));
            return response;
        }));
    }

    public static DescribeNamespaceResponse Describe(NamespaceEntry ns) => new()
    {
        NamespaceInfo = new NamespaceInfo
        {
            Name = ns.Name,
            Id = ns.Id,
            Description = ns.Description,
            State = NamespaceState.Registered,
            Capabilities = new NamespaceInfo.Types.Capabilities { SyncUpdate = true, AsyncUpdate = true },
        },
        Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(TimeSpan.FromDays(1)) },
    };
}
