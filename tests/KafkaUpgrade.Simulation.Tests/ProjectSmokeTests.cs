namespace KafkaUpgrade.Simulation.Tests;

public class ProjectSmokeTests
{
    [Fact]
    public void Simulation_assembly_loads() => Assert.NotNull(typeof(ProjectSmokeTests).Assembly);
}
