using KafkaUpgrade.EmbeddedTemporal.Rpc;
using KafkaUpgrade.EmbeddedTemporal.Visibility;
using Temporalio.Api.Common.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>Rejects search attributes that are not registered, naming the attribute.</summary>
internal static class SearchAttributeValidator
{
    public static void Validate(NamespaceEntry ns, SearchAttributes? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        foreach (var key in attributes.IndexedFields.Keys)
        {
            if (!ns.SearchAttributes.ContainsKey(key) && !VisibilityFields.IsSystem(key))
            {
                throw RpcErrors.InvalidArgument($"search attribute {key} is not defined");
            }
        }
    }
}
