using KafkaUpgrade.Core.Ports;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol.Schema;
using KafkaUpgrade.Simulation.Wire.Network;
using KafkaUpgrade.Simulation.Wire.Versions;
using Microsoft.Extensions.Logging;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// Answers the Kafka requests arriving on one node's listener, as the release the node runs now. An API the node
/// does not list, or a version outside its range, closes the connection (Kafka's SocketServer does the same for a
/// request it cannot parse); ApiVersions of an unknown version is answered as v0 with UNSUPPORTED_VERSION and
/// ApiVersions' own range (KIP-511; Kafka's <c>ApiVersionsRequest.getErrorResponse</c>).
/// </summary>
internal sealed partial class KafkaRequestDispatcher(WireFront front, int nodeId, bool controllerPlane) : IRequestDispatcher
{
    public byte[]? Dispatch(ReadOnlyMemory<byte> request)
    {
        RequestHeader header;
        int bodyOffset;
        try
        {
            header = KafkaMessages.ReadRequestHeader(request, out bodyOffset);
        }
        catch (Exception ex) when (ex is KafkaProtocolException or ArgumentException)
        {
            return null;
        }

        var snapshot = front.Cache.Current();
        if (!snapshot.Nodes.TryGetValue(nodeId, out var node))
        {
            return null;
        }

        var version = node.Info.Config.Version;
        var listener = controllerPlane ? ListenerKind.Controller : node.Info.Config.IsZooKeeperBroker ? ListenerKind.ZkBroker : ListenerKind.Broker;
        var ranges = AdvertisedApis.For(version, listener);
        ApiRange? listed = null;
        foreach (var r in ranges)
        {
            if (r.ApiKey == header.ApiKey)
            {
                listed = r;
            }
        }

        if (listed is not { } range)
        {
            return null;
        }

        if (header.ApiKey == (short)ApiKey.ApiVersions && !range.Accepts(header.ApiVersion))
        {
            var error = KafkaApis.ApiVersions.NewResponse().Set("ErrorCode", (short)KafkaErrorCode.UnsupportedVersion);
            error.Add("ApiKeys").Set("ApiKey", range.ApiKey).Set("MinVersion", range.MinVersion).Set("MaxVersion", range.MaxVersion);
            return KafkaMessages.EncodeResponseFrame(ApiKey.ApiVersions, 0, header.CorrelationId, error);
        }

        if (!range.Accepts(header.ApiVersion) || !KafkaApis.TryGet(header.ApiKey, out var api))
        {
            return null;
        }

        KafkaStruct body;
        try
        {
            body = KafkaMessages.DecodeBody(api, api.Request, header.ApiVersion, request[bodyOffset..]);
        }
        catch (Exception ex) when (ex is KafkaProtocolException or ArgumentException)
        {
            LogUndecodable(front.Logger, ex, header.ApiKey, header.ApiVersion, nodeId);
            return null;
        }

        var context = new RequestContext(front, snapshot, nodeId, listener, version, api, header.ApiVersion, body);
        try
        {
            var response = ApiHandlers.Handle(context);
            return KafkaMessages.EncodeResponseFrame(api.Key, header.ApiVersion, header.CorrelationId, response);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug answering one request closes that connection only; the node and every other client go on.
            LogHandlerFailed(front.Logger, ex, header.ApiKey, header.ApiVersion, nodeId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing connection to node {NodeId}: request key {ApiKey} v{ApiVersion} could not be decoded")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, short apiKey, short apiVersion, int nodeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing connection to node {NodeId}: answering key {ApiKey} v{ApiVersion} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, short apiKey, short apiVersion, int nodeId);
}
