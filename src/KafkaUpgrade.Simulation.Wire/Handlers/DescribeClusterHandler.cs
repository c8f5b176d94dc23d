using KafkaUpgrade.Kafka.Protocol.Errors;
using KafkaUpgrade.Kafka.Protocol;
using KafkaUpgrade.Kafka.Protocol.Schema;
using KafkaUpgrade.Simulation.Wire.Versions;

namespace KafkaUpgrade.Simulation.Wire.Handlers;

/// <summary>
/// DescribeCluster (60), as Kafka's AuthHelper.computeDescribeClusterResponse: a broker listener answers with the
/// live brokers (EndpointType 1), a controller listener with the controllers and the active one (EndpointType 2,
/// KIP-919, what <c>--bootstrap-controller</c> uses); asking the other type is MISMATCHED_ENDPOINT_TYPE (114; v0:
/// INVALID_REQUEST), an unknown type UNSUPPORTED_ENDPOINT_TYPE (115).
/// </summary>
internal static class DescribeClusterHandler
{
    public static KafkaStruct Handle(RequestContext context)
    {
        var response = context.NewResponse().Set("ErrorCode", (short)0);
        var wanted = context.Version >= 1 ? context.Request.GetInt8("EndpointType") : (sbyte)1;
        var served = context.Listener == ListenerKind.Controller ? (sbyte)2 : (sbyte)1;
        if (wanted is not (1 or 2))
        {
            return response.Set("ErrorCode", context.Version == 0 ? (short)KafkaErrorCode.InvalidRequest : (short)KafkaErrorCode.UnsupportedEndpointType)
                .Set("ErrorMessage", $"Unsupported endpoint type {wanted}").Set("ClusterId", context.State.ClusterId);
        }

        if (wanted != served)
        {
            return response.Set("ErrorCode", context.Version == 0 ? (short)KafkaErrorCode.InvalidRequest : (short)KafkaErrorCode.MismatchedEndpointType)
                .Set("ErrorMessage", $"The request was sent to an endpoint of type {Name(served)}, but we wanted an endpoint of type {Name(wanted)}")
                .Set("ClusterId", context.State.ClusterId);
        }

        if (context.Version >= 1)
        {
            response.Set("EndpointType", served);
        }

        response.Set("ClusterId", context.State.ClusterId);
        if (served == 2)
        {
            var controllers = context.State.Controllers
                .Where(c => c.IsRunning && context.Snapshot.Nodes.TryGetValue(c.Id, out var s) && s.Reachable)
                .OrderBy(c => c.Id)
                .ToList();
            foreach (var controller in controllers)
            {
                response.Add("Brokers").Set("BrokerId", controller.Id).Set("Host", "127.0.0.1").Set("Port", context.Front.Ports.Port(controller.Id, controller: true) ?? 0).Set("Rack", controller.Rack);
            }

            var active = context.State.ActiveControllerId;
            return response.Set("ControllerId", active is { } id && controllers.Exists(c => c.Id == id) ? id : -1);
        }

        var live = context.Snapshot.LiveBrokers.OrderBy(b => b.Id).ToList();
        foreach (var broker in live)
        {
            response.Add("Brokers").Set("BrokerId", broker.Id).Set("Host", "127.0.0.1").Set("Port", context.Front.Ports.Port(broker.Id, controller: false) ?? 0).Set("Rack", broker.Rack);
        }

        return response.Set("ControllerId", MetadataHandler.ControllerId(context, live));
    }

    private static string Name(sbyte type) => type == 2 ? "CONTROLLER" : "BROKER";
}
