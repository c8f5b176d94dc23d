using System.Net;
using System.Reflection;
using System.Text.Json;
using KafkaUpgrade.Core.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KafkaUpgrade.Simulation.Remote;

/// <summary>
/// Serves one simulator's ports over HTTP on loopback: <c>POST /{admin|provisioner}/{Method}</c> with the
/// arguments as a JSON array, answering the result or a <see cref="RemoteError"/> with status 409. Dispatch is by
/// the port interfaces' method names, so the remote ports always match the Core ports.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the ports are served, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts serving <paramref name="simulator"/> on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<SimulatorServer> StartAsync(KafkaSimulator simulator, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var ports = new Dictionary<string, (Type Interface, object Target)>(StringComparer.OrdinalIgnoreCase)
        {
            ["admin"] = (typeof(IClusterAdmin), simulator.Admin),
            ["provisioner"] = (typeof(INodeProvisioner), simulator.Provisioner),
        };
        app.MapPost("/{port}/{method}", (string port, string method, HttpContext context) => InvokeAsync(ports, port, method, context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return new SimulatorServer(app, bound);
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task InvokeAsync(Dictionary<string, (Type Interface, object Target)> ports, string port, string method, HttpContext context)
    {
        if (!ports.TryGetValue(port, out var target) || target.Interface.GetMethod(method) is not { } info)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"unknown operation {port}/{method}").ConfigureAwait(false);
            return;
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
            var parameters = info.GetParameters();
            var args = new object?[parameters.Length];
            var values = body.RootElement.EnumerateArray().ToList();
            for (var i = 0; i < parameters.Length; i++)
            {
                args[i] = parameters[i].ParameterType == typeof(CancellationToken)
                    ? context.RequestAborted
                    : i < values.Count ? values[i].Deserialize(parameters[i].ParameterType, PortJson.Options) : parameters[i].DefaultValue;
            }

            var task = (Task)info.Invoke(target.Target, args)!;
            await task.ConfigureAwait(false);
            var result = info.ReturnType.IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(result, info.ReturnType.IsGenericType ? info.ReturnType.GenericTypeArguments[0] : typeof(object), PortJson.Options)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(RemoteError.From(error), PortJson.Options)).ConfigureAwait(false);
        }
    }
}
