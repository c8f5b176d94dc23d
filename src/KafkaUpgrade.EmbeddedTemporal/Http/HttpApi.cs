using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KafkaUpgrade.EmbeddedTemporal.Http;

/// <summary>
/// Temporal's HTTP API (the frontend's grpc-gateway JSON binding under /api/v1): each request becomes the protobuf
/// request of a route's method (JSON body, then path variables and query parameters), is handed to the same handler
/// gRPC calls, and the response is written as protobuf canonical JSON (payloads in long form, bytes in base64).
/// </summary>
internal sealed class HttpApi(RpcRegistry registry, string? corsOrigin)
{
    /// <summary>gRPC's default maximum receive size, the limit Temporal's frontend applies to a request.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly TypeRegistry Types = TypeRegistry.FromFiles(
        Temporalio.Api.WorkflowService.V1.RequestResponseReflection.Descriptor,
        Temporalio.Api.ErrorDetails.V1.MessageReflection.Descriptor);

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false).WithTypeRegistry(Types));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Types));

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (corsOrigin is not null && request.Headers.Origin is [{ } origin] && (corsOrigin == "*" || string.Equals(origin, corsOrigin, StringComparison.OrdinalIgnoreCase)))
        {
            response.Headers.AccessControlAllowOrigin = corsOrigin == "*" ? "*" : origin;
            response.Headers.Vary = "Origin";
            if (HttpMethods.IsOptions(request.Method))
            {
                // A CORS preflight: answered here, it never reaches a handler.
                response.Headers.AccessControlAllowMethods = "GET, POST, DELETE, OPTIONS";
                response.Headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders.Count > 0
                    ? request.Headers.AccessControlRequestHeaders.ToString()
                    : "Content-Type, Authorization";
                response.Headers.AccessControlMaxAge = "600";
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var rawPath = target.Split('?', 2)[0];
        var path = rawPath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var candidates = HttpRoutes.All.Select(r => (Route: r, Variables: r.Match(path))).Where(c => c.Variables is not null).ToList();
        if (candidates.Count == 0)
        {
            // grpc-gateway's answer for a path no binding matches.
            await WriteErrorAsync(response, StatusCode.NotFound, "Not Found", null).ConfigureAwait(false);
            return;
        }

        var match = candidates.FirstOrDefault(c => string.Equals(c.Route.Method, request.Method, StringComparison.OrdinalIgnoreCase));
        if (match.Route is null)
        {
            response.Headers.Allow = string.Join(", ", candidates.Select(c => c.Route.Method));
            await WriteErrorAsync(response, StatusCode.Unimplemented, "Method Not Allowed", null, StatusCodes.Status405MethodNotAllowed).ConfigureAwait(false);
            return;
        }

        var invoker = registry.Find(match.Route.Rpc) ?? throw new InvalidOperationException($"route to unregistered method {match.Route.Rpc}");
        try
        {
            var message = await BuildRequestAsync(context, match.Route, match.Variables!, invoker.Request.Parser).ConfigureAwait(false);
            if (message is null)
            {
                return;
            }

            var call = new HttpCallContext(match.Route.Rpc, context.Connection.RemoteIpAddress?.ToString() ?? "", context.RequestAborted);
            var result = await invoker.Invoke(message, call).ConfigureAwait(false);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            await response.WriteAsync(Formatter.Format(result), context.RequestAborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            await WriteErrorAsync(response, ex.StatusCode, ex.Status.Detail, ex.Trailers.GetValueBytes("grpc-status-details-bin")).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or OverflowException)
        {
            await WriteErrorAsync(response, StatusCode.InvalidArgument, ex.Message, null).ConfigureAwait(false);
        }
    }

    private static async Task<IMessage?> BuildRequestAsync(
        HttpContext context, HttpRoute route, IReadOnlyList<KeyValuePair<string, string>> variables, MessageParser parser)
    {
        IMessage message;
        var body = route.Body ? await ReadBodyAsync(context).ConfigureAwait(false) : "";
        if (body is null)
        {
            return null;
        }

        if (body.Trim().Length > 0)
        {
            message = Parser.Parse(body, parser.ParseFrom(ByteString.Empty).Descriptor);
        }
        else
        {
            message = parser.ParseFrom(ByteString.Empty);
        }

        foreach (var (name, value) in variables)
        {
            RequestFields.Set(message, name, value);
        }

        // grpc-gateway fills the fields not bound by the path or body from the query string and ignores unknown parameters.
        foreach (var (name, values) in context.Request.Query)
        {
            foreach (var value in values)
            {
                RequestFields.Set(message, name, value ?? "");
            }
        }

        return message;
    }

    /// <summary>The body as text, or null after answering 413 when it is over <see cref="MaxBodyBytes"/> (never read past the limit).</summary>
    private static async Task<string?> ReadBodyAsync(HttpContext context)
    {
        var message = $"request body larger than the limit of {MaxBodyBytes} bytes";
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await WriteErrorAsync(context.Response, StatusCode.ResourceExhausted, message, null, StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
            return null;
        }

        var buffer = new byte[Math.Min(MaxBodyBytes + 1, (int)(context.Request.ContentLength ?? 64 * 1024) + 1)];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (read > MaxBodyBytes)
                {
                    await WriteErrorAsync(context.Response, StatusCode.ResourceExhausted, message, null, StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(MaxBodyBytes + 1, buffer.Length * 2));
            }

            var n = await context.Request.Body.ReadAsync(buffer.AsMemory(read), context.RequestAborted).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static async Task WriteErrorAsync(HttpResponse response, StatusCode code, string message, byte[]? statusDetails, int? httpStatus = null)
    {
        response.StatusCode = httpStatus ?? ToHttpStatus(code);
        response.ContentType = "application/json";
        var status = new Struct
        {
            Fields =
            {
                ["code"] = Value.ForNumber((int)code),
                ["message"] = Value.ForString(message),
            },
        };
        var details = new ListValue();
        foreach (var any in Details(statusDetails))
        {
            details.Values.Add(Value.Parser.ParseJson(Formatter.Format(any)));
        }

        status.Fields["details"] = Value.ForList([.. details.Values]);
        await response.WriteAsync(Formatter.Format(status)).ConfigureAwait(false);
    }

    /// <summary>The Any details of a google.rpc.Status (field 3), as the gRPC path sends them in grpc-status-details-bin.</summary>
    private static List<Any> Details(byte[]? statusBytes)
    {
        var details = new List<Any>();
        if (statusBytes is null)
        {
            return details;
        }

        var input = new CodedInputStream(statusBytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 3)
            {
                var any = new Any();
                input.ReadMessage(any);
                details.Add(any);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return details;
    }

    /// <summary>grpc-gateway's HTTPStatusFromCode (runtime/errors.go), the mapping Temporal's HTTP API uses.</summary>
    internal static int ToHttpStatus(StatusCode code) => code switch
    {
        StatusCode.OK => 200,
        StatusCode.Cancelled => 499,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => 400,
        StatusCode.DeadlineExceeded => 504,
        StatusCode.NotFound => 404,
        StatusCode.AlreadyExists or StatusCode.Aborted => 409,
        StatusCode.PermissionDenied => 403,
        StatusCode.Unauthenticated => 401,
        StatusCode.ResourceExhausted => 429,
        StatusCode.Unimplemented => 501,
        StatusCode.Unavailable => 503,
        _ => 500,
    };
}
