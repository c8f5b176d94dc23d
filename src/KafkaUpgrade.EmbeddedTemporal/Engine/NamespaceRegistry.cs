using KafkaUpgrade.EmbeddedTemporal.Rpc;
using Temporalio.Api.Enums.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Registered namespaces and their custom search attributes; <c>default</c> always exists.</summary>
internal sealed class NamespaceRegistry
{
    private readonly Dictionary<string, NamespaceEntry> namespaces = new(StringComparer.Ordinal);

    public NamespaceRegistry() => Register("default", "Default namespace of the embedded server.");

    public IEnumerable<NamespaceEntry> All => namespaces.Values;

    public NamespaceEntry Register(string name, string description)
    {
        var entry = new NamespaceEntry(name, Guid.NewGuid().ToString(), description);
        namespaces[name] = entry;
        return entry;
    }

    public bool Exists(string name) => namespaces.ContainsKey(name);

    /// <summary>The namespace, or the NOT_FOUND error Temporal gives (empty names are invalid arguments).</summary>
    public NamespaceEntry Require(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw RpcErrors.InvalidArgument("Namespace not set on request.");
        }

        return namespaces.TryGetValue(name, out var entry) ? entry : throw RpcErrors.NamespaceNotFound(name);
    }
}

/// <summary>A namespace and its custom search attributes.</summary>
internal sealed record NamespaceEntry(string Name, string Id, string Description)
{
    /// <summary>Changed by UpdateNamespace.</summary>
    public string Description { get; set; } = Description;

    public Dictionary<string, IndexedValueType> SearchAttributes { get; } = new(StringComparer.Ordinal);
}
