using System.Text.Json;
using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Tests.Model;

public class KafkaVersionJsonTests
{
    private sealed record Holder(KafkaVersion Version);

    [Fact]
    public void Versions_travel_as_strings()
    {
        var json = JsonSerializer.Serialize(new Holder(new KafkaVersion(3, 9, 1)));
        Assert.Equal("{\"Version\":\"3.9.1\"}", json);
        Assert.Equal(new KafkaVersion(3, 9, 1), JsonSerializer.Deserialize<Holder>(json)!.Version);
    }

    [Fact]
    public void A_bad_version_string_names_itself()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("{\"Version\":\"three\"}"));
        Assert.Contains("'three' is not a Kafka version", ex.Message, StringComparison.Ordinal);
    }
}
