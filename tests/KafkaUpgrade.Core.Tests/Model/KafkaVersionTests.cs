using KafkaUpgrade.Core.Model;

namespace KafkaUpgrade.Core.Tests.Model;

public class KafkaVersionTests
{
    [Theory]
    [InlineData("3.9", 3, 9, 0)]
    [InlineData("3.9.1", 3, 9, 1)]
    [InlineData(" 4.0 ", 4, 0, 0)]
    public void Parses_release_numbers(string text, int major, int minor, int patch)
    {
        Assert.Equal(new KafkaVersion(major, minor, patch), KafkaVersion.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("4.x")]
    [InlineData("4.0.0.1")]
    [InlineData("-3.9")]
    public void Rejects_malformed_versions_naming_the_input(string text)
    {
        var ex = Assert.Throws<FormatException>(() => KafkaVersion.Parse(text));
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Orders_by_major_minor_patch()
    {
        Assert.True(KafkaVersion.Parse("3.10") > KafkaVersion.Parse("3.9"));
        Assert.True(KafkaVersion.Parse("4.0") > KafkaVersion.Parse("3.9.1"));
        Assert.Equal("3.9", KafkaVersion.Parse("3.9.0").ToString());
        Assert.Equal(KafkaVersion.Parse("3.9"), KafkaVersion.Parse("3.9.2").Line);
    }
}
