using System.Diagnostics;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Provisioning.Hooks.Tests;

/// <summary>The hook scripts under samples/hooks: the simulate ones run for real against a stand-in CLI; all parse.</summary>
public sealed class SampleHooksTests : IDisposable
{
    private readonly HookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static string Samples => Path.Combine(RepositoryRoot(), "samples", "hooks");

    [Fact]
    public async Task The_simulate_hooks_drive_the_control_cli_and_map_no_such_node_to_not_found()
    {
        var options = _fixture.Options(c =>
        {
            foreach (var action in Enum.GetValues<HookAction>())
            {
                var command = new HookCommandOptions { Command = "/bin/bash", Arguments = [Path.Combine(Samples, "simulate", $"{action.ToString().ToLowerInvariant()}.sh")] };
                switch (action)
                {
                    case HookAction.Provision: c.Provision = command; break;
                    case HookAction.Stop: c.Stop = command; break;
                    case HookAction.Start: c.Start = command; break;
                    case HookAction.Restart: c.Restart = command; break;
                    case HookAction.Decommission: c.Decommission = command; break;
                    case HookAction.Describe: c.Describe = command; break;
                }
            }
        });
        options.Environment["KAFKA_UPGRADE_SIMULATE_CONTROL"] = "http://127.0.0.1:41000/";
        options.Environment["KAFKA_UPGRADE_CLI"] = $"/bin/bash {HookFixture.Hook("fake-simulate-cli.sh")}";
        options.Environment["KAFKA_UPGRADE_CURL"] = "none"; // every action through the stand-in CLI (demo --wire covers the curl describe)
        var provisioner = new CommandHookProvisioner(options, _fixture.Logger);

        Assert.Null(await provisioner.DescribeNodeAsync(104));
        var config = new NodeConfig(KafkaVersion.Parse("4.1.0"), NodeRoles.Broker, "rack-a", ControllerQuorumVoters: [3000]);
        var info = await provisioner.ProvisionAsync(104, config);
        Assert.Equal((NodeState.Running, NodeRoles.Broker, "rack-a"), (info.State, info.Config.Roles, info.Config.Rack));
        Assert.Equal(KafkaVersion.Parse("4.1.0"), info.Config.Version);

        await provisioner.StopAsync(104);
        Assert.Equal(NodeState.Stopped, (await provisioner.DescribeNodeAsync(104))!.State);
        await provisioner.RestartAsync(104, config with { Version = KafkaVersion.Parse("4.2.0") });
        Assert.Equal(KafkaVersion.Parse("4.2.0"), (await provisioner.DescribeNodeAsync(104))!.Config.Version);
        await provisioner.DecommissionAsync(104);
        Assert.Equal(NodeState.Decommissioned, (await provisioner.DescribeNodeAsync(104))!.State);

        var calls = File.ReadAllLines(Path.Combine(_fixture.MachineDir, "sim-calls.log"));
        Assert.Contains(calls, l => l.StartsWith("provision 104 --control http://127.0.0.1:41000/ --version 4.1 --config ", StringComparison.Ordinal));
        Assert.Contains(calls, l => l.StartsWith("restart 104 --control http://127.0.0.1:41000/ --version 4.2 --config ", StringComparison.Ordinal));

        // A refusal other than "no such node" is a failed hook carrying the CLI's message.
        var e = await Assert.ThrowsAsync<HookFailedException>(() => provisioner.StartAsync(999));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("error: node 999: no such node", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_sample_hook_is_valid_bash()
    {
        var scripts = Directory.EnumerateFiles(Samples, "*.sh", SearchOption.AllDirectories).ToList();
        Assert.True(scripts.Count >= 20, $"{scripts.Count} sample hooks");
        foreach (var dir in new[] { "systemd-ssh", "ansible", "simulate" })
        {
            foreach (var action in new[] { "provision", "stop", "start", "restart", "decommission", "describe" })
            {
                Assert.True(File.Exists(Path.Combine(Samples, dir, $"{action}.sh")), $"samples/hooks/{dir}/{action}.sh");
            }
        }

        foreach (var script in scripts)
        {
            using var bash = Process.Start(new ProcessStartInfo("/bin/bash", ["-n", script]) { RedirectStandardError = true })!;
            var errors = await bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            Assert.True(bash.ExitCode == 0, $"{script}: {errors}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KafkaUpgradeTemporal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (KafkaUpgradeTemporal.sln) not found above " + AppContext.BaseDirectory);
    }
}
