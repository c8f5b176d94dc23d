using KafkaUpgrade.EmbeddedTemporal.Engine;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using KafkaUpgrade.EmbeddedTemporal.Visibility;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Handlers;

/// <summary>List and count by visibility query, and search attribute registration through the operator service.</summary>
internal sealed class VisibilityHandlers(ServerState state)
{
    public void Register(RpcRegistry r)
    {
        r.Add<ListWorkflowExecutionsRequest, ListWorkflowExecutionsResponse>(ServiceNames.Workflow, "ListWorkflowExecutions", req => state.Locked(() =>
        {
            var response = new ListWorkflowExecutionsResponse();
            response.Executions.AddRange(Matching(req.Namespace, req.Query).OrderByDescending(run => run.StartTime).Select(HistoryHandlers.Info));
            return response;
        }));
        r.Add<CountWorkflowExecutionsRequest, CountWorkflowExecutionsResponse>(ServiceNames.Workflow, "CountWorkflowExecutions", req => state.Locked(() =>
            new CountWorkflowExecutionsResponse { Count = Matching(req.Namespace, req.Query).Count }));
        r.Add<AddSearchAttributesRequest, AddSearchAttributesResponse>(ServiceNames.Operator, "AddSearchAttributes", req => state.Locked(() =>
        {
            var ns = state.Namespaces.Require(string.IsNullOrEmpty(req.Namespace) ? "default" : req.Namespace);
            foreach (var (name, type) in req.SearchAttributes)
            {
                ns.SearchAttributes[name] = type;
            }
            state.NamespacesChanged();

            return new AddSearchAttributesResponse();
        }));
        r.Add<ListSearchAttributesRequest, ListSearchAttributesResponse>(ServiceNames.Operator, "ListSearchAttributes", req => state.Locked(() =>
        {
            var ns = state.Namespaces.Require(string.IsNullOrEmpty(req.Namespace) ? "default" : req.Namespace);
            var response = new ListSearchAttributesResponse();
            response.CustomAttributes.Add(ns.SearchAttributes);
            response.SystemAttributes.Add("WorkflowType", Temporalio.Api.Enums.V1.IndexedValueType.Keyword);
            response.SystemAttributes.Add("WorkflowId", Temporalio.Api.Enums.V1.IndexedValueType.Keyword);
            response.SystemAttributes.Add("ExecutionStatus", Temporalio.Api.Enums.V1.IndexedValueType.Keyword);
            response.SystemAttributes.Add("StartTime", Temporalio.Api.Enums.V1.IndexedValueType.Datetime);
            response.SystemAttributes.Add("CloseTime", Temporalio.Api.Enums.V1.IndexedValueType.Datetime);
            return response;
        }));
    }

    private List<WorkflowRun> Matching(string ns, string query)
    {
        var entry = state.Namespaces.Require(ns);
        var filter = VisibilityQuery.Parse(query, entry);
        return state.Runs.Where(run => run.Namespace == ns && filter.Matches(run)).ToList();
    }
}
