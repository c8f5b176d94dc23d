namespace KafkaUpgrade.EmbeddedTemporal.Tests;

public class ProjectSmokeTests
{
    [Fact]
    public void EmbeddedTemporal_assembly_loads() => Assert.NotNull(typeof(ProjectSmokeTests).Assembly);
}
