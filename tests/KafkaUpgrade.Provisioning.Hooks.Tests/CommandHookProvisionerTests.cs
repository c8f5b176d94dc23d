using System.Collections.Concurrent;
using System.Diagnostics;
using KafkaUpgrade.Core.Model;
using KafkaUpgrade.Core.Ports;

namespace KafkaUpgrade.Provisioning.Hooks.Tests;

/// <summary>The provisioner driving real bash scripts as hooks.</summary>
public sealed class CommandHookProvisionerTests : IDisposable
{
    private static readonly KafkaVersion V39 = KafkaVersion.Parse("3.9.0");
    private static readonly KafkaVersion V40 = KafkaVersion.Parse("4.0.0");
    private readonly HookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Provision_renders_the_properties_into_a_file_the_hook_gets_and_describes_the_node_it_made()
    {
        var provisioner = new CommandHookProvisioner(_fixture.Options(), _fixture.Logger);
        var config = new NodeConfig(V39, NodeRoles.Controller, "rack-a", ZooKeeperMigrationEnabled: true, ControllerQuorumVoters: [3000, 3001, 3002]);

        var info = await provisioner.ProvisionAsync(3000, config);

        Assert.Equal(NodeState.Running, info.State);
        Assert.True(info.Config.SameAs(config), $"described {info.Config} vs requested {config}");
        Assert.Equal(Guid.Parse("6b1f1a5e-0000-4000-8000-000000000001"), info.DirectoryId);
        var deployed = File.ReadAllText(Path.Combine(_fixture.MachineDir, "node-3000", "server.properties"));
        Assert.Contains("process.roles=controller", deployed, StringComparison.Ordinal);
        Assert.Contains("node.id=3000", deployed, StringComparison.Ordinal);
        Assert.Contains("zookeeper.metadata.migration.enable=true", deployed, StringComparison.Ordinal);
        Assert.Contains("controller.quorum.voters=3000@ctl-3000.example:9093,3001@ctl-3001.example:9093,3002@ctl-3002.example:9093", deployed, StringComparison.Ordinal);
        Assert.Contains("listeners=CONTROLLER://:9093", deployed, StringComparison.Ordinal);

        var env = File.ReadAllLines(Path.Combine(_fixture.MachineDir, "env-provision-3000"));
        Assert.Contains("KAFKA_UPGRADE_NODE_ID=3000", env);
        Assert.Contains("KAFKA_UPGRADE_ROLES=controller", env);
        Assert.Contains("KAFKA_UPGRADE_VERSION=3.9", env);
        Assert.Contains("KAFKA_UPGRADE_RACK=rack-a", env);
        Assert.Contains("KAFKA_UPGRADE_CLUSTER_ID=prod-eu-1", env);
        Assert.Contains("KAFKA_UPGRADE_KAFKA_CLUSTER_ID=Sfr7YvlkRHSHrmSrwq9mug", env);
        Assert.Contains("KAFKA_UPGRADE_ACTION=provision", env);
        Assert.Contains("KAFKA_UPGRADE_STORAGE_FORMAT=", env); // static voters: no format flag
        Assert.Contains("provision 3000 3.9", File.ReadAllText(Path.Combine(_fixture.MachineDir, "calls.log")), StringComparison.Ordinal);

        // The rendered file (it holds the template's secrets) is gone once the hook ran.
        Assert.Empty(Directory.EnumerateFiles(_fixture.WorkDir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Provisioning_twice_runs_the_hook_once_and_a_different_node_under_the_same_id_is_refused()
    {
        var provisioner = new CommandHookProvisioner(_fixture.Options(), _fixture.Logger);
        var config = new NodeConfig(V40, NodeRoles.Broker, "rack-b", ControllerQuorumVoters: [3000]);
        var first = await provisioner.ProvisionAsync(7, config);
        var second = await provisioner.ProvisionAsync(7, config);
        Assert.True(second.Config.SameAs(first.Config));
        Assert.Equal((first.State, first.DirectoryId), (second.State, second.DirectoryId));
        Assert.Single(File.ReadAllLines(Path.Combine(_fixture.MachineDir, "calls.log")), l => l.StartsWith("provision", StringComparison.Ordinal));

        var refused = await Assert.ThrowsAsync<NodeProvisioningException>(() => provisioner.ProvisionAsync(7, config with { Version = KafkaVersion.Parse("4.1.0") }));
        Assert.Equal(7, refused.NodeId);
        Assert.Contains("different configuration", refused.Message, StringComparison.Ordinal);
        Assert.Contains("prod-eu-1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_start_restart_and_decommission_change_what_describe_reports()
    {
        var provisioner = new CommandHookProvisioner(_fixture.Options(), _fixture.Logger);
        var zkBroker = new NodeConfig(V39, null, "rack-a", InterBrokerProtocolVersion: "3.8");
        await provisioner.ProvisionAsync(1, zkBroker);

        await provisioner.StopAsync(1);
        Assert.Equal(NodeState.Stopped, (await provisioner.DescribeNodeAsync(1))!.State);
        await provisioner.StartAsync(1);
        Assert.Equal(NodeState.Running, (await provisioner.DescribeNodeAsync(1))!.State);

        // The migration's "brokers into migration mode" roll.
        var migrating = zkBroker with { ZooKeeperMigrationEnabled = true, ControllerQuorumVoters = [3000, 3001, 3002], InterBrokerProtocolVersion = "3.9" };
        await provisioner.RestartAsync(1, migrating);
        var after = (await provisioner.DescribeNodeAsync(1))!;
        Assert.True(after.Config.SameAs(migrating), $"described {after.Config}");
        Assert.True(after.Config.IsZooKeeperBroker);
        Assert.Equal("3.9", after.Config.InterBrokerProtocolVersion);

        await provisioner.DecommissionAsync(1);
        Assert.Null(await provisioner.DescribeNodeAsync(1));
        Assert.Null(await provisioner.DescribeNodeAsync(42));
    }

    [Fact]
    public async Task Describe_answers_are_reused_within_DescribeCacheSeconds_and_forgotten_by_any_action_on_the_node()
    {
        var options = _fixture.Options();
        options.DescribeCacheSeconds = 600;
        var provisioner = new CommandHookProvisioner(options, _fixture.Logger);
        int DescribesRun() => _fixture.Sink.Events.Count(e => e.MessageTemplate.Text.StartsWith("Hook {HookAction} for node {NodeId} started", StringComparison.Ordinal)
            && e.Properties["HookAction"].ToString() == "Describe");

        await provisioner.ProvisionAsync(1, new NodeConfig(V39, null, "rack-a"));
        var afterProvision = DescribesRun();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(NodeState.Running, (await provisioner.DescribeNodeAsync(1))!.State);
        }

        Assert.Equal(afterProvision, DescribesRun());
        Assert.Equal(Serilog.Events.LogEventLevel.Debug, _fixture.Sink.Events.Last(e => e.Properties.TryGetValue("HookAction", out var a) && a.ToString() == "Describe").Level);

        // The stop forgets node 1's answer: the next describe runs the hook and sees the node stopped.
        await provisioner.StopAsync(1);
        Assert.Equal(NodeState.Stopped, (await provisioner.DescribeNodeAsync(1))!.State);
        Assert.Equal(afterProvision + 1, DescribesRun());

        options.DescribeCacheSeconds = -1;
        Assert.Contains("Hooks:DescribeCacheSeconds must be 0 (no reuse) or positive, got -1", options.Validate(), StringComparer.Ordinal);
    }

    [Fact]
    public async Task A_hook_that_exits_non_zero_fails_naming_cluster_node_action_exit_code_and_stderr()
    {
        var provisioner = new CommandHookProvisioner(_fixture.Options(c => c.Stop = HookFixture.Bash("fail.sh", "{nodeId}")), _fixture.Logger);
        var e = await Assert.ThrowsAsync<HookFailedException>(() => provisioner.StopAsync(3));
        Assert.Equal(7, e.ExitCode);
        Assert.False(e.TimedOut);
        Assert.Equal(HookAction.Stop, e.Action);
        Assert.Equal(["ssh: connect to host kafka-3.example port 22: Connection refused", "giving up after 3 attempts"], e.StderrTail);
        Assert.StartsWith("cluster prod-eu-1, node 3: stop hook exited with 7; stderr: ssh: connect to host kafka-3.example", e.Message, StringComparison.Ordinal);
        Assert.Contains(_fixture.Sink.Events, ev => ev.RenderMessage().Contains("connecting to kafka-3.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hook_that_hangs_is_killed_with_its_children_at_its_timeout()
    {
        var options = _fixture.Options(c => c.Start = new HookCommandOptions { Command = "/bin/bash", Arguments = [HookFixture.Hook("hang.sh")], TimeoutSeconds = 2 });
        var provisioner = new CommandHookProvisioner(options, _fixture.Logger);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<HookFailedException>(() => provisioner.StartAsync(5));
        Assert.True(e.TimedOut);
        Assert.Null(e.ExitCode);
        Assert.Contains("did not finish within 2 s and was killed", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");

        var child = int.Parse(File.ReadAllText(Path.Combine(_fixture.MachineDir, "hang-child.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilAsync(() => !ProcessAlive(child), $"the hook's child sleep (pid {child}) to be killed");
    }

    [Fact]
    public async Task Cancelling_a_call_kills_the_hook_and_reports_cancellation()
    {
        var options = _fixture.Options(c => c.Start = HookFixture.Bash("hang.sh"));
        var provisioner = new CommandHookProvisioner(options, _fixture.Logger);
        using var cancel = new CancellationTokenSource();
        var call = provisioner.StartAsync(5, cancel.Token);
        var pidFile = Path.Combine(_fixture.MachineDir, "hang-child.pid");
        await WaitUntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, "the hook to start its child");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilAsync(() => !ProcessAlive(child), "the hook's child to be killed on cancellation");
    }

    [Fact]
    public async Task A_describe_hook_printing_garbage_is_a_clear_failure()
    {
        var provisioner = new CommandHookProvisioner(_fixture.Options(c => c.Describe = HookFixture.Bash("garbage.sh", "{nodeId}")), _fixture.Logger);
        var e = await Assert.ThrowsAsync<HookFailedException>(() => provisioner.DescribeNodeAsync(9));
        Assert.Equal(HookAction.Describe, e.Action);
        Assert.Contains("cluster prod-eu-1, node 9: describe hook printed something that is not JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("node 9 is probably fine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_45_is_a_refusal_that_changed_nothing()
    {
        var provisioner = new CommandHookProvisioner(_fixture.Options(c => c.Decommission = HookFixture.Bash("refuse.sh", "{nodeId}")), _fixture.Logger);
        var e = await Assert.ThrowsAsync<NodeProvisioningException>(() => provisioner.DecommissionAsync(4));
        Assert.Contains("refused (exit 45, nothing changed): node id 4 belongs to another host", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_from_the_template_never_reach_the_logs_or_errors()
    {
        var provisioner = new CommandHookProvisioner(_fixture.Options(), _fixture.Logger);
        await provisioner.ProvisionAsync(2, new NodeConfig(V39, null, "rack-a"));
        var deployed = File.ReadAllText(Path.Combine(_fixture.MachineDir, "node-2", "server.properties"));
        Assert.Contains(HookFixture.KeystorePassword, deployed, StringComparison.Ordinal); // the node needs them

        var logs = _fixture.Sink.AllText;
        Assert.Contains("ssl.keystore.password=[redacted]", logs, StringComparison.Ordinal); // the hook echoed it
        Assert.DoesNotContain(HookFixture.KeystorePassword, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(HookFixture.JaasPassword, logs, StringComparison.Ordinal);
        Assert.Contains(_fixture.Sink.Events, ev => ev.RenderMessage().Contains("deployed kafka 3.9 on node 2", StringComparison.Ordinal));

        Assert.Equal("login as admin, password=[redacted]", HookRunner.Redact($"login as admin, password=\"{HookFixture.JaasPassword}\"", [HookFixture.JaasPassword]));
        Assert.Equal("truststore password: [redacted]", HookRunner.Redact("truststore password: hunter22", []));
    }

    [Fact]
    public async Task Progress_is_reported_at_start_for_output_and_while_a_command_is_silent()
    {
        var reports = new ConcurrentQueue<HookProgress>();
        var options = _fixture.Options(c => c.Start = HookFixture.Bash("slow.sh"));
        options.Environment["SLOW_SECONDS"] = "3";
        var provisioner = new CommandHookProvisioner(options, _fixture.Logger, new SyncProgress(reports.Enqueue));
        await provisioner.StartAsync(6);

        var all = reports.ToList();
        Assert.All(all, r => Assert.Equal((6, HookAction.Start, "prod-eu-1"), (r.NodeId, r.Action, r.ClusterId)));
        Assert.Null(all[0].LastOutput);
        Assert.Contains(all, r => r.LastOutput == "done");
        // Silent for 3 s with a 1 s interval: at least two reports carry the earlier line and a later time.
        var silent = all.Where(r => r.LastOutput == "starting slow work").ToList();
        Assert.True(silent.Count >= 3, $"{silent.Count} reports while silent");
        Assert.True(silent[^1].Elapsed - silent[0].Elapsed >= TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void Bad_configuration_is_refused_naming_each_key()
    {
        var options = _fixture.Options(c =>
        {
            c.Describe = null;
            c.Stop = new HookCommandOptions { Command = " " };
        });
        options.BrokerTemplateFile = "/nonexistent/broker.properties";
        options.ControllerAddressTemplate = "ctl.example:9093";
        var e = Assert.Throws<ArgumentException>(() => new CommandHookProvisioner(options, _fixture.Logger));
        Assert.Contains("Hooks:Commands:Describe:Command is not set", e.Message, StringComparison.Ordinal);
        Assert.Contains("Hooks:Commands:Stop:Command is empty", e.Message, StringComparison.Ordinal);
        Assert.Contains("Hooks:BrokerTemplateFile '/nonexistent/broker.properties' does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("Hooks:ControllerAddressTemplate 'ctl.example:9093' has no {id} placeholder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_the_layout_cannot_render_runs_no_hook()
    {
        var options = _fixture.Options();
        options.ControllerBootstrapServers = null;
        var provisioner = new CommandHookProvisioner(options, _fixture.Logger);
        var e = await Assert.ThrowsAsync<NodeProvisioningException>(() => provisioner.RestartAsync(3003, new NodeConfig(V40, NodeRoles.Controller, null)));
        Assert.Contains("controller.quorum.bootstrap.servers", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_fixture.MachineDir, "calls.log")) && File.ReadAllText(Path.Combine(_fixture.MachineDir, "calls.log")).Contains("restart", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("static", "")]
    [InlineData("dynamic", "--no-initial-controllers")]
    public void A_new_node_joining_a_dynamic_quorum_is_formatted_without_initial_controllers(string? quorum, string flag)
    {
        var config = quorum switch
        {
            null => new NodeConfig(V39, null, null),
            "static" => new NodeConfig(V39, NodeRoles.Controller, null, ControllerQuorumVoters: [1, 2, 3]),
            _ => new NodeConfig(V40, NodeRoles.Controller, null),
        };
        Assert.Equal(flag, CommandHookProvisioner.StorageFormat(config));
    }

    private static bool ProcessAlive(int pid)
    {
        // A killed child can linger as a zombie until reaped; a zombie is not running.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var fields = File.ReadAllText(stat);
            return !fields[(fields.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    private sealed class SyncProgress(Action<HookProgress> report) : IProgress<HookProgress>
    {
        public void Report(HookProgress value) => report(value);
    }
}
