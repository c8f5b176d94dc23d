using KafkaUpgrade.EmbeddedTemporal.Handlers;

namespace KafkaUpgrade.EmbeddedTemporal.Http;

/// <summary>
/// The <c>/api/v1</c> bindings of the methods the server implements, copied from the google.api.http annotations of
/// temporalio/api temporal/api/workflowservice/v1/service.proto (the <c>additional_bindings</c> under /api/v1).
/// DeleteWorkflowExecution and PollWorkflowExecutionUpdate have no HTTP binding there, so none here.
/// </summary>
internal static class HttpRoutes
{
    private const string Ns = "/api/v1/namespaces/{namespace}";

    public static IReadOnlyList<HttpRoute> All { get; } =
    [
        new("GET", "/api/v1/cluster-info", Wf("GetClusterInfo"), false),
        new("GET", "/api/v1/system-info", Wf("GetSystemInfo"), false),
        new("GET", "/api/v1/namespaces", Wf("ListNamespaces"), false),
        new("POST", "/api/v1/namespaces", Wf("RegisterNamespace"), true),
        new("GET", Ns, Wf("DescribeNamespace"), false),
        new("POST", Ns + "/update", Wf("UpdateNamespace"), true),
        new("GET", Ns + "/workflows", Wf("ListWorkflowExecutions"), false),
        new("GET", Ns + "/workflow-count", Wf("CountWorkflowExecutions"), false),
        new("POST", Ns + "/workflows/{workflow_id}", Wf("StartWorkflowExecution"), true),
        new("GET", Ns + "/workflows/{execution.workflow_id}", Wf("DescribeWorkflowExecution"), false),
        new("GET", Ns + "/workflows/{execution.workflow_id}/history", Wf("GetWorkflowExecutionHistory"), false),
        new("GET", Ns + "/workflows/{execution.workflow_id}/history-reverse", Wf("GetWorkflowExecutionHistoryReverse"), false),
        new("POST", Ns + "/workflows/{workflow_execution.workflow_id}/signal/{signal_name}", Wf("SignalWorkflowExecution"), true),
        new("POST", Ns + "/workflows/{workflow_id}/signal-with-start/{signal_name}", Wf("SignalWithStartWorkflowExecution"), true),
        new("POST", Ns + "/workflows/{execution.workflow_id}/query/{query.query_type}", Wf("QueryWorkflow"), true),
        new("POST", Ns + "/workflows/{workflow_execution.workflow_id}/update/{request.input.name}", Wf("UpdateWorkflowExecution"), true),
        new("POST", Ns + "/workflows/{workflow_execution.workflow_id}/cancel", Wf("RequestCancelWorkflowExecution"), true),
        new("POST", Ns + "/workflows/{workflow_execution.workflow_id}/terminate", Wf("TerminateWorkflowExecution"), true),
        new("GET", Ns + "/task-queues/{task_queue.name}", Wf("DescribeTaskQueue"), false),
        new("GET", Ns + "/schedules", Wf("ListSchedules"), false),
        new("GET", Ns + "/batch-operations", Wf("ListBatchOperations"), false),
        new("POST", Ns + "/activities/{activity_id}/heartbeat", Wf("RecordActivityTaskHeartbeatById"), true),
        new("POST", Ns + "/activities/{activity_id}/complete", Wf("RespondActivityTaskCompletedById"), true),
        new("POST", Ns + "/activities/{activity_id}/fail", Wf("RespondActivityTaskFailedById"), true),
        new("POST", Ns + "/activities/{activity_id}/resolve-as-canceled", Wf("RespondActivityTaskCanceledById"), true),
    ];

    private static string Wf(string method) => ServiceNames.Workflow + "/" + method;
}
