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
            var (query, runs) = Matching(req.Namespace, req.Query);
            if (query.GroupBy is not null)
            {
                throw RpcErrors.InvalidArgument("'group by' clause is only supported in CountWorkflowExecutions API");
            }

            var response = new ListWorkflowExecutionsResponse();
            response.Executions.AddRange(query.Sort(runs).Select(HistoryHandlers.Info));
            return response;
        }));
        r.Add<CountWorkflowExecutionsRequest, CountWorkflowExecutionsResponse>(ServiceNames.Workflow, "CountWorkflowExecutions", req => state.Locked(() =>
        {
            var (query, runs) = Matching(req.Namespace, req.Query);
            var response = new CountWorkflowExecutionsResponse { Count = runs.Count };
            if (query.GroupBy is not null)
            {
                // One group per status present, its value a JSON string payload as Temporal's visibility returns it.
                foreach (var group in runs.GroupBy(run => VisibilityFields.Values(run, query.GroupBy)[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    response.Groups.Add(new CountWorkflowExecutionsResponse.Types.AggregationGroup
                    {
                        Count = group.Count(),
                        GroupValues = { JsonPayload.Of(group.Key) },
                    });
                }
            }

            return response;
        }));
        r.Add<RemoveSearchAttributesRequest, RemoveSearchAttributesResponse>(ServiceNames.Operator, "RemoveSearchAttributes", req => state.Locked(() =>
        {
            var ns = state.Namespaces.Require(string.IsNullOrEmpty(req.Namespace) ? "default" : req.Namespace);
            var unknown = req.SearchAttributes.FirstOrDefault(name => !ns.SearchAttributes.ContainsKey(name));
            if (unknown is not null)
            {
                throw RpcErrors.InvalidArgument($"Search attribute {unknown} doesn't exist.");
            }

            foreach (var name in req.SearchAttributes)
            {
                ns.SearchAttributes.Remove(name);
            }

            state.NamespacesChanged();
            return new RemoveSearchAttributesResponse();
        }));
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

    private (VisibilityQuery Query, List<WorkflowRun> Runs) Matching(string ns, string query)
    {
        var entry = state.Namespaces.Require(ns);
        var filter = VisibilityQuery.Parse(query, entry);
        return (filter, state.Runs.Where(run => run.Namespace == ns && filter.Matches(run)).ToList());
    }
}
