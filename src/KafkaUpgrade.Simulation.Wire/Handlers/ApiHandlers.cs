using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>Routes a decoded request to the handler of its API.</summary>
internal static class ApiHandlers
{
    public static KafkaStruct Handle(RequestContext context) => context.Api.Key switch
    {
        ApiKey.ApiVersions => ApiVersionsHandler.Handle(context),
        ApiKey.Metadata => MetadataHandler.Handle(context),
        ApiKey.DescribeCluster => DescribeClusterHandler.Handle(context),
        ApiKey.DescribeTopicPartitions => DescribeTopicPartitionsHandler.Handle(context),
        ApiKey.ListPartitionReassignments => ReassignmentHandlers.List(context),
        ApiKey.AlterPartitionReassignments => ReassignmentHandlers.Alter(context),
        ApiKey.ElectLeaders => ReassignmentHandlers.ElectLeaders(context),
        ApiKey.DescribeConfigs => ConfigHandlers.Describe(context),
        ApiKey.IncrementalAlterConfigs => ConfigHandlers.IncrementalAlter(context),
        ApiKey.DescribeLogDirs => LogDirsHandler.Handle(context),
        ApiKey.DescribeQuorum => QuorumHandlers.Describe(context),
        ApiKey.AddRaftVoter => QuorumHandlers.AddVoter(context),
        ApiKey.RemoveRaftVoter => QuorumHandlers.RemoveVoter(context),
        ApiKey.UpdateFeatures => QuorumHandlers.UpdateFeatures(context),
        ApiKey.UnregisterBroker => QuorumHandlers.UnregisterBroker(context),
        ApiKey.ListGroups => GroupHandlers.ListGroups(context),
        ApiKey.DescribeGroups => GroupHandlers.DescribeGroups(context),
        ApiKey.OffsetFetch => GroupHandlers.OffsetFetch(context),
        ApiKey.FindCoordinator => GroupHandlers.FindCoordinator(context),
        ApiKey.ListOffsets => OffsetsHandler.Handle(context),
        ApiKey.SaslHandshake => context.NewResponse().Set("ErrorCode", (short)KafkaErrorCode.IllegalSaslState),
        ApiKey.SaslAuthenticate => SaslAuthenticate(context),
        _ => throw new InvalidOperationException($"no handler for {context.Api.Name}"),
    };

    /// <summary>
    /// The listeners are PLAINTEXT: Kafka answers SASL requests on a non-SASL listener with ILLEGAL_SASL_STATE
    /// (KafkaApis.handleSaslHandshakeRequest / handleSaslAuthenticateRequest).
    /// </summary>
    private static KafkaStruct SaslAuthenticate(RequestContext context) => context.NewResponse()
        .Set("ErrorCode", (short)KafkaErrorCode.IllegalSaslState)
        .Set("ErrorMessage", "SaslAuthenticate request received after successful authentication");

    /// <summary>Runs a simulator call that may refuse with Kafka's error; returns the error (NONE on success).</summary>
    public static (short Code, string? Message) Try(Action action)
    {
        try
        {
            action();
            return (0, null);
        }
        catch (KafkaApiException ex)
        {
            return (ex.Error.Code, ex.Message);
        }
    }

    /// <summary>Kafka's error code.</summary>
    public static short Code(this KafkaError error) => error.Code;

    /// <summary>Kafka's code for <paramref name="error"/>.</summary>
    public static short Code(KafkaErrorCode error) => (short)error;
}
