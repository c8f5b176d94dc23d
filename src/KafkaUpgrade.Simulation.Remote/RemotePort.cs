using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Simulation.Remote;

/// <summary>
/// The client side of <see cref="SimulatorServer"/>: proxies implementing <see cref="IClusterAdmin"/> and
/// <see cref="INodeProvisioner"/> that forward every call, and rethrow the simulator's Kafka errors as the same
/// <see cref="KafkaApiException"/>s.
/// </summary>
public static class RemotePorts
{
    /// <summary>Both ports of the simulator served at <paramref name="address"/>.</summary>
    public static (IClusterAdmin Admin, INodeProvisioner Provisioner) Connect(Uri address, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var client = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return (Create<IClusterAdmin>(client, new Uri(address, "admin/")), Create<INodeProvisioner>(client, new Uri(address, "provisioner/")));
    }

    private static T Create<T>(HttpClient client, Uri baseAddress)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, RemotePortProxy>();
        var remote = (RemotePortProxy)(object)proxy;
        remote.Client = client;
        remote.BaseAddress = baseAddress;
        return proxy;
    }
}

/// <summary>Forwards interface calls as <c>POST {base}/{Method}</c> with the arguments as a JSON array.</summary>
public class RemotePortProxy : DispatchProxy
{
    private static readonly MethodInfo CallTyped = typeof(RemotePortProxy).GetMethod(nameof(CallAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    internal HttpClient Client { get; set; } = null!;

    internal Uri BaseAddress { get; set; } = null!;

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var parameters = targetMethod.GetParameters();
        var token = parameters.Select((p, i) => p.ParameterType == typeof(CancellationToken) ? (CancellationToken?)args![i] : null).FirstOrDefault(t => t is not null) ?? CancellationToken.None;
        var payload = parameters.Select((p, i) => (p, i)).Where(x => x.p.ParameterType != typeof(CancellationToken)).Select(x => args![x.i]).ToArray();
        var resultType = targetMethod.ReturnType.IsGenericType ? targetMethod.ReturnType.GenericTypeArguments[0] : typeof(object);
        var task = (Task)CallTyped.MakeGenericMethod(resultType).Invoke(this, [targetMethod.Name, payload, token])!;
        return targetMethod.ReturnType.IsGenericType ? task : IgnoreResult(task);
    }

    private static async Task IgnoreResult(Task task) => await task.ConfigureAwait(false);

    private async Task<TResult> CallAsync<TResult>(string method, object?[] payload, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        using var response = await Client.PostAsJsonAsync(new Uri(BaseAddress, method), payload, PortJson.Options, token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var error = await response.Content.ReadFromJsonAsync<RemoteError>(PortJson.Options, token).ConfigureAwait(false);
            throw error!.ToException();
        }

        response.EnsureSuccessStatusCode();
        return typeof(TResult) == typeof(object)
            ? default!
            : (await response.Content.ReadFromJsonAsync<TResult>(PortJson.Options, token).ConfigureAwait(false))!;
    }
}
