using System.Text.Json;
using System.Text.Json.Serialization;

namespace KafkaUpgrade.Simulation.Wire.Control;

/// <summary>
/// The JSON the control endpoint speaks, for the endpoint and its clients alike (web defaults, enums as strings,
/// null fields left out), so the two sides cannot drift apart.
/// </summary>
public static class ControlJson
{
    /// <summary>The serializer options of every control request and answer.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
