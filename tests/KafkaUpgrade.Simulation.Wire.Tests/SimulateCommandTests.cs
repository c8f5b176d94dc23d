using KafkaUpgrade.Cli;

namespace KafkaUpgrade.Simulation.Wire.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public async Task SimulatePrintsItsEndpointsAndNodeCommandsDriveIt()
    {
        using var cancel = new CancellationTokenSource();
        var output = new SynchronizedWriter();
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "small-kraft-4.0.json");
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var vipPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var run = CliApplication.RunAsync(["simulate", "--snapshot", sample, "--speed", "50", "--controller-bootstrap-port", vipPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, TextWriter.Null, cancel.Token);
        var lines = await output.WaitForLinesAsync(6, TimeSpan.FromSeconds(60));
        Assert.StartsWith("bootstrap: 127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.Equal(6, lines[0]["bootstrap: ".Length..].Split(',').Length);
        Assert.StartsWith("bootstrap-controller: 127.0.0.1:", lines[1], StringComparison.Ordinal);
        Assert.Equal($"controller-bootstrap: 127.0.0.1:{vipPort}", lines[2]);
        Assert.StartsWith("broker-bootstrap: 127.0.0.1:", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("metrics: http://127.0.0.1:", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("control: http://127.0.0.1:", lines[5], StringComparison.Ordinal);
        var control = lines[5]["control: ".Length..];

        var nodeOut = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await CliApplication.RunAsync(["simulate", "node", "restart", "3", "--version", "4.1.0", "--control", control], nodeOut, error, CancellationToken.None));
        Assert.Contains("\"nodeId\":3", nodeOut.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await CliApplication.RunAsync(["simulate", "node", "describe", "77", "--control", control], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("no such node", error.ToString(), StringComparison.Ordinal);

        await cancel.CancelAsync();
        Assert.Equal(0, await run);
    }

    [Fact]
    public async Task BadInputExitsTwo()
    {
        var error = new StringWriter();
        Assert.Equal(2, await CliApplication.RunAsync(["simulate", "--snapshot", "/no/such/file.json"], TextWriter.Null, error, CancellationToken.None));
        Assert.Equal(2, await CliApplication.RunAsync(["simulate", "--snapshot", "x.json", "--speed", "-1"], TextWriter.Null, error, CancellationToken.None));
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "small-zk-3.8.json");
        Assert.Equal(2, await CliApplication.RunAsync(["simulate", "--snapshot", sample, "--controller-bootstrap-port", "70000"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("--controller-bootstrap-port must be between 0 and 65535, was 70000", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await CliApplication.RunAsync(["simulate", "--snapshot", sample, "--tick-ms", "0"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("--tick-ms must be between 1 and 60000, was 0", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await CliApplication.RunAsync(["simulate", "node", "stop", "1", "--control", "not a url"], TextWriter.Null, error, CancellationToken.None));
        Assert.Contains("--control", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpShowsExamples()
    {
        foreach (var args in new[] { new[] { "simulate", "--help" }, ["simulate", "node", "--help"], ["simulate", "fault", "--help"] })
        {
            var output = new StringWriter();
            Assert.Equal(0, await CliApplication.RunAsync(args, output, TextWriter.Null, CancellationToken.None));
            Assert.Contains("Examples:", output.ToString(), StringComparison.Ordinal);
        }
    }

    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
        }

        public async Task<string[]> WaitForLinesAsync(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                string[] lines;
                lock (_gate)
                {
                    lines = ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }

                if (lines.Length >= count)
                {
                    return lines;
                }

                Assert.True(DateTime.UtcNow < deadline, $"simulate printed only: {string.Join(" | ", lines)}");
                await Task.Delay(50);
            }
        }
    }
}
