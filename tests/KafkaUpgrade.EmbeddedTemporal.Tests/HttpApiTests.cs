using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Worker;
using ConformanceActivities = KafkaUpgrade.EmbeddedTemporal.Tests.Conformance.Activities;
using CancellableWorkflow = KafkaUpgrade.EmbeddedTemporal.Tests.Conformance.CancellableWorkflow;
using InteractiveWorkflow = KafkaUpgrade.EmbeddedTemporal.Tests.Conformance.InteractiveWorkflow;
using WaitForeverWorkflow = KafkaUpgrade.EmbeddedTemporal.Tests.Conformance.WaitForeverWorkflow;

namespace KafkaUpgrade.EmbeddedTemporal.Tests;

/// <summary>An embedded server with the HTTP API on a second port and a CORS origin, plus an SDK client on its gRPC port.</summary>
public sealed class HttpServerFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Origin = "http://localhost:8080";
    private EmbeddedTemporalServer server = null!;

    public TemporalClient Client { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        server = new EmbeddedTemporalServer(new EmbeddedTemporalOptions(Port: 0, HttpPort: 0, HttpCorsOrigin: Origin));
        await server.StartAsync();
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address) { Namespace = "default" });
        Http = new HttpClient { BaseAddress = new Uri(server.HttpAddress), Timeout = TimeSpan.FromMinutes(2) };
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        await server.DisposeAsync();
    }
}

/// <summary>Temporal's HTTP API (/api/v1) over real HTTP/1.1 calls, against the same handlers as gRPC.</summary>
public sealed class HttpApiTests(HttpServerFixture fixture) : IClassFixture<HttpServerFixture>
{
    private const string Ns = "/api/v1/namespaces/default";

    private HttpClient Http => fixture.Http;

    /// <summary>A payload in long form, as protobuf canonical JSON writes it: metadata and data in base64.</summary>
    private static JsonObject Payload(object value) => new()
    {
        ["metadata"] = new JsonObject { ["encoding"] = Convert.ToBase64String("json/plain"u8.ToArray()) },
        ["data"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)),
    };

    private static JsonNode? Decode(JsonNode? payload)
    {
        Assert.Equal("json/plain", Encoding.UTF8.GetString(Convert.FromBase64String(payload!["metadata"]!["encoding"]!.GetValue<string>())));
        return JsonNode.Parse(Convert.FromBase64String(payload["data"]!.GetValue<string>()));
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    private Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    private async Task<string> StartAsync(string id, string type, string queue)
    {
        var (status, body) = await PostAsync($"{Ns}/workflows/{id}", new JsonObject
        {
            ["workflowType"] = new JsonObject { ["name"] = type },
            ["taskQueue"] = new JsonObject { ["name"] = queue },
            ["requestId"] = Guid.NewGuid().ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var runId = body!["runId"]!.GetValue<string>();
        Assert.True(Guid.TryParse(runId, out _), runId);
        return runId;
    }

    private async Task<string> StatusAsync(string id) =>
        (await GetAsync($"{Ns}/workflows/{id}")).Body!["workflowExecutionInfo"]!["status"]!.GetValue<string>();

    private TemporalWorker Worker(string queue) => new(fixture.Client, new TemporalWorkerOptions(queue)
        .AddWorkflow<InteractiveWorkflow>().AddWorkflow<CancellableWorkflow>().AddWorkflow<WaitForeverWorkflow>()
        .AddAllActivities(new ConformanceActivities()));

    [Fact]
    public async Task Start_signal_query_update_list_and_describe_a_workflow_run_by_an_sdk_worker()
    {
        var queue = $"http-{Guid.NewGuid():N}";
        var id = $"http-interactive-{Guid.NewGuid():N}";
        using var worker = Worker(queue);
        await worker.ExecuteAsync(async () =>
        {
            var runId = await StartAsync(id, "InteractiveWorkflow", queue);

            var (signalStatus, signalBody) = await PostAsync($"{Ns}/workflows/{id}/signal/Add", new JsonObject
            {
                ["input"] = new JsonObject { ["payloads"] = new JsonArray(Payload("first")) },
            });
            Assert.Equal(HttpStatusCode.OK, signalStatus);
            Assert.NotNull(signalBody);

            var (queryStatus, query) = await PostAsync($"{Ns}/workflows/{id}/query/Items", new JsonObject());
            Assert.Equal(HttpStatusCode.OK, queryStatus);
            Assert.Equal(["first"], Decode(query!["queryResult"]!["payloads"]![0])!.AsArray().Select(n => n!.GetValue<string>()));

            var (updateStatus, update) = await PostAsync($"{Ns}/workflows/{id}/update/AddAndCount", new JsonObject
            {
                ["request"] = new JsonObject
                {
                    ["meta"] = new JsonObject { ["updateId"] = "u-1" },
                    ["input"] = new JsonObject { ["args"] = new JsonObject { ["payloads"] = new JsonArray(Payload("second")) } },
                },
                ["waitPolicy"] = new JsonObject { ["lifecycleStage"] = "UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED" },
            });
            Assert.Equal(HttpStatusCode.OK, updateStatus);
            Assert.Equal(2, Decode(update!["outcome"]!["success"]!["payloads"]![0])!.GetValue<int>());

            var (_, described) = await GetAsync($"{Ns}/workflows/{id}");
            Assert.Equal(runId, described!["workflowExecutionInfo"]!["execution"]!["runId"]!.GetValue<string>());
            Assert.Equal("InteractiveWorkflow", described["workflowExecutionInfo"]!["type"]!["name"]!.GetValue<string>());
            Assert.Equal("WORKFLOW_EXECUTION_STATUS_RUNNING", described["workflowExecutionInfo"]!["status"]!.GetValue<string>());

            Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{Ns}/workflows/{id}/signal/Finish", new JsonObject())).Status);
            await Eventually.WaitAsync(async () => await StatusAsync(id) == "WORKFLOW_EXECUTION_STATUS_COMPLETED");

            var (listStatus, list) = await GetAsync($"{Ns}/workflows?query={Uri.EscapeDataString($"WorkflowId = '{id}'")}");
            Assert.Equal(HttpStatusCode.OK, listStatus);
            var execution = Assert.Single(list!["executions"]!.AsArray())!;
            Assert.Equal(id, execution["execution"]!["workflowId"]!.GetValue<string>());
            Assert.Equal("WORKFLOW_EXECUTION_STATUS_COMPLETED", execution["status"]!.GetValue<string>());

            var (_, count) = await GetAsync($"{Ns}/workflow-count?query={Uri.EscapeDataString($"WorkflowId = '{id}'")}");
            Assert.Equal("1", count!["count"]!.GetValue<string>()); // int64 is a JSON string in canonical form

            var (_, reverse) = await GetAsync($"{Ns}/workflows/{id}/history-reverse?maximumPageSize=1");
            var last = Assert.Single(reverse!["history"]!["events"]!.AsArray())!;
            Assert.Equal("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED", last["eventType"]!.GetValue<string>());
            Assert.Equal("first,second", Decode(last["workflowExecutionCompletedEventAttributes"]!["result"]!["payloads"]![0])!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Signal_with_start_starts_the_run_with_the_signal_delivered()
    {
        var queue = $"http-{Guid.NewGuid():N}";
        var id = $"http-sws-{Guid.NewGuid():N}";
        using var worker = Worker(queue);
        await worker.ExecuteAsync(async () =>
        {
            var (status, started) = await PostAsync($"{Ns}/workflows/{id}/signal-with-start/Add", new JsonObject
            {
                ["workflowType"] = new JsonObject { ["name"] = "InteractiveWorkflow" },
                ["taskQueue"] = new JsonObject { ["name"] = queue },
                ["signalInput"] = new JsonObject { ["payloads"] = new JsonArray(Payload("from-start")) },
            });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(started!["started"]!.GetValue<bool>());
            var (_, query) = await PostAsync($"{Ns}/workflows/{id}/query/Items", new JsonObject());
            Assert.Equal(["from-start"], Decode(query!["queryResult"]!["payloads"]![0])!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{Ns}/workflows/{id}/terminate", new JsonObject())).Status);
        });
    }

    [Theory]
    [InlineData(Grpc.Core.StatusCode.InvalidArgument, 400)]
    [InlineData(Grpc.Core.StatusCode.FailedPrecondition, 400)]
    [InlineData(Grpc.Core.StatusCode.NotFound, 404)]
    [InlineData(Grpc.Core.StatusCode.AlreadyExists, 409)]
    [InlineData(Grpc.Core.StatusCode.ResourceExhausted, 429)]
    [InlineData(Grpc.Core.StatusCode.Unimplemented, 501)]
    [InlineData(Grpc.Core.StatusCode.Unavailable, 503)]
    [InlineData(Grpc.Core.StatusCode.DeadlineExceeded, 504)]
    [InlineData(Grpc.Core.StatusCode.Internal, 500)]
    public void Grpc_codes_map_to_http_statuses_as_grpc_gateway_does(Grpc.Core.StatusCode code, int http) =>
        Assert.Equal(http, KafkaUpgrade.EmbeddedTemporal.Http.HttpApi.ToHttpStatus(code));

    [Fact]
    public async Task A_second_start_of_a_running_id_is_409_with_the_already_started_detail()
    {
        var id = $"http-dup-{Guid.NewGuid():N}";
        var queue = $"http-nobody-{Guid.NewGuid():N}";
        var runId = await StartAsync(id, "WaitForeverWorkflow", queue);
        var (status, body) = await PostAsync($"{Ns}/workflows/{id}", new JsonObject
        {
            ["workflowType"] = new JsonObject { ["name"] = "WaitForeverWorkflow" },
            ["taskQueue"] = new JsonObject { ["name"] = queue },
            ["requestId"] = Guid.NewGuid().ToString(),
        });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(6, body!["code"]!.GetValue<int>());
        var detail = body["details"]![0]!;
        Assert.Equal("type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure", detail["@type"]!.GetValue<string>());
        Assert.Equal(runId, detail["runId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{Ns}/workflows/{id}/terminate", new JsonObject())).Status);
    }

    [Fact]
    public async Task History_long_poll_with_wait_new_event_returns_when_a_signal_arrives()
    {
        var queue = $"http-{Guid.NewGuid():N}";
        var id = $"http-poll-{Guid.NewGuid():N}";
        using var worker = Worker(queue);
        await worker.ExecuteAsync(async () =>
        {
            await StartAsync(id, "InteractiveWorkflow", queue);

            // A query is answered only once the first workflow task is done, so the history is quiet after it.
            Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{Ns}/workflows/{id}/query/Items", new JsonObject())).Status);
            var (_, first) = await GetAsync($"{Ns}/workflows/{id}/history?waitNewEvent=true");
            var seen = first!["history"]!["events"]!.AsArray();
            Assert.Equal("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", seen[0]!["eventType"]!.GetValue<string>());
            var token = first["nextPageToken"]!.GetValue<string>();

            var poll = GetAsync($"{Ns}/workflows/{id}/history?wait_new_event=true&nextPageToken={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{Ns}/workflows/{id}/signal/Add", new JsonObject
            {
                ["input"] = new JsonObject { ["payloads"] = new JsonArray(Payload("late")) },
            })).Status);

            var (status, woken) = await poll;
            Assert.Equal(HttpStatusCode.OK, status);
            var signaled = woken!["history"]!["events"]![0]!;
            Assert.Equal("EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED", signaled["eventType"]!.GetValue<string>());
            Assert.Equal(seen.Count + 1, int.Parse(signaled["eventId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("late", Decode(signaled["workflowExecutionSignaledEventAttributes"]!["input"]!["payloads"]![0])!.GetValue<string>());
            await fixture.Client.GetWorkflowHandle(id).TerminateAsync("test over");
        });
    }

    [Fact]
    public async Task Cancel_and_terminate_end_the_runs_with_the_reason_in_history()
    {
        var queue = $"http-{Guid.NewGuid():N}";
        var cancelled = $"http-cancel-{Guid.NewGuid():N}";
        var terminated = $"http-terminate-{Guid.NewGuid():N}";
        using var worker = Worker(queue);
        await worker.ExecuteAsync(async () =>
        {
            await StartAsync(cancelled, "CancellableWorkflow", queue);
            await StartAsync(terminated, "WaitForeverWorkflow", queue);

            var (cancelStatus, _) = await PostAsync($"{Ns}/workflows/{cancelled}/cancel", new JsonObject { ["reason"] = "operator asked", ["requestId"] = Guid.NewGuid().ToString() });
            Assert.Equal(HttpStatusCode.OK, cancelStatus);
            var (terminateStatus, _) = await PostAsync($"{Ns}/workflows/{terminated}/terminate", new JsonObject { ["reason"] = "no longer needed" });
            Assert.Equal(HttpStatusCode.OK, terminateStatus);

            await Eventually.WaitAsync(async () => await StatusAsync(cancelled) == "WORKFLOW_EXECUTION_STATUS_CANCELED");
            Assert.Equal("WORKFLOW_EXECUTION_STATUS_TERMINATED", await StatusAsync(terminated));
            var (_, history) = await GetAsync($"{Ns}/workflows/{terminated}/history");
            var last = history!["history"]!["events"]!.AsArray()[^1]!;
            Assert.Equal("EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED", last["eventType"]!.GetValue<string>());
            Assert.Equal("no longer needed", last["workflowExecutionTerminatedEventAttributes"]!["reason"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Cluster_system_namespace_and_task_queue_calls_answer_json()
    {
        var (_, cluster) = await GetAsync("/api/v1/cluster-info");
        Assert.EndsWith("-embedded", cluster!["serverVersion"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, system) = await GetAsync("/api/v1/system-info");
        Assert.True(system!["capabilities"]!["signalAndQueryHeader"]!.GetValue<bool>());
        var (_, ns) = await GetAsync(Ns);
        Assert.Equal("default", ns!["namespaceInfo"]!["name"]!.GetValue<string>());
        var (_, all) = await GetAsync("/api/v1/namespaces");
        Assert.Contains(all!["namespaces"]!.AsArray(), n => n!["namespaceInfo"]!["name"]!.GetValue<string>() == "default");
        var (queueStatus, queue) = await GetAsync($"{Ns}/task-queues/nobody-polls-{Guid.NewGuid():N}?taskQueueType=TASK_QUEUE_TYPE_WORKFLOW");
        Assert.Equal(HttpStatusCode.OK, queueStatus);
        Assert.Null(queue!["pollers"]); // an empty repeated field is left out of canonical JSON
    }

    [Fact]
    public async Task Cors_preflight_and_responses_allow_only_the_configured_origin()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"{Ns}/workflows/x");
        preflight.Headers.Add("Origin", HttpServerFixture.Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var answer = await Http.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(HttpServerFixture.Origin, Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("content-type", answer.Headers.GetValues("Access-Control-Allow-Headers").Single());

        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cluster-info");
        allowed.Headers.Add("Origin", HttpServerFixture.Origin);
        using var allowedAnswer = await Http.SendAsync(allowed);
        Assert.Equal(HttpServerFixture.Origin, allowedAnswer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cluster-info");
        other.Headers.Add("Origin", "http://evil.example");
        using var otherAnswer = await Http.SendAsync(other);
        Assert.False(otherAnswer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Bad_json_and_invalid_requests_are_400_with_the_grpc_code_and_message()
    {
        using var bad = new StringContent("{\"workflowType\": ", Encoding.UTF8, "application/json");
        using var badAnswer = await Http.PostAsync($"{Ns}/workflows/bad-json", bad);
        Assert.Equal(HttpStatusCode.BadRequest, badAnswer.StatusCode);
        var badBody = JsonNode.Parse(await badAnswer.Content.ReadAsStringAsync())!;
        Assert.Equal(3, badBody["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(badBody["message"]!.GetValue<string>()));

        var (unknownStatus, unknownField) = await PostAsync($"{Ns}/workflows/bad-field", new JsonObject { ["noSuchField"] = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Contains("noSuchField", unknownField!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same invalid start over gRPC and over HTTP: the same code and message.
        var request = new StartWorkflowExecutionRequest { Namespace = "default", WorkflowId = "no-type", TaskQueue = new() { Name = "q" }, RequestId = Guid.NewGuid().ToString() };
        var grpc = await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(() => fixture.Client.WorkflowService.StartWorkflowExecutionAsync(request));
        var (status, body) = await PostAsync($"{Ns}/workflows/no-type", new JsonObject { ["taskQueue"] = new JsonObject { ["name"] = "q" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal((int)grpc.Code, body!["code"]!.GetValue<int>());
        Assert.Equal(grpc.Message, body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_paths_and_workflows_are_404_and_unimplemented_methods_501()
    {
        var (pathStatus, path) = await GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, pathStatus);
        Assert.Equal(5, path!["code"]!.GetValue<int>());

        var grpc = await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(() => fixture.Client.WorkflowService.DescribeWorkflowExecutionAsync(
            new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = new() { WorkflowId = "never-started" } }));
        var (status, body) = await GetAsync($"{Ns}/workflows/never-started");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(5, body!["code"]!.GetValue<int>());
        Assert.Equal(grpc.Message, body["message"]!.GetValue<string>());

        var (nsStatus, ns) = await GetAsync("/api/v1/namespaces/no-such-namespace/workflows/x");
        Assert.Equal(HttpStatusCode.NotFound, nsStatus);
        Assert.Equal("Namespace no-such-namespace is not found.", ns!["message"]!.GetValue<string>());
        Assert.Equal("type.googleapis.com/temporal.api.errordetails.v1.NamespaceNotFoundFailure", ns["details"]![0]!["@type"]!.GetValue<string>());

        var (wrongMethod, _) = await SendAsync(HttpMethod.Delete, "/api/v1/cluster-info");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod);
    }

    [Fact]
    public async Task A_body_over_4_mb_is_refused_with_413_before_it_is_sent()
    {
        // Only the headers go out: the answer comes without the server waiting for (or reading) the body.
        var uri = new Uri(fixture.Http.BaseAddress!, $"{Ns}/workflows/too-big");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, uri.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {(5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync();
        Assert.StartsWith("HTTP/1.1 413", statusLine, StringComparison.Ordinal);
    }
}
