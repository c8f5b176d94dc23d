using KafkaUpgrade.Workflows.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;

namespace KafkaUpgrade.Worker.Composition;

/// <summary>
/// Registers the workflows' custom search attributes when the namespace lacks them, so the Temporal UI can filter
/// upgrades by cluster, phase and target version (the equivalent of <c>temporal operator search-attribute create</c>).
/// </summary>
public static class SearchAttributeRegistration
{
    /// <summary>Adds the missing attributes; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(ITemporalClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.Connection.OperatorService.ListSearchAttributesAsync(
            new ListSearchAttributesRequest { Namespace = client.Options.Namespace }, new RpcOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        var missing = UpgradeSearchAttributes.All.Select(k => k.Name).Where(n => !existing.CustomAttributes.ContainsKey(n)).ToList();
        if (missing.Count == 0)
        {
            return missing;
        }

        var request = new AddSearchAttributesRequest { Namespace = client.Options.Namespace };
        foreach (var name in missing)
        {
            request.SearchAttributes.Add(name, IndexedValueType.Keyword);
        }

        await client.Connection.OperatorService.AddSearchAttributesAsync(request, new RpcOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        return missing;
    }
}
