using KafkaUpgrade.Workflows.Contracts;
using Spectre.Console;

namespace KafkaUpgrade.Cli.Rendering;

/// <summary>
/// Shows progress as it changes: on a terminal a live panel (phase, bars, wait reason, recent events) in colour;
/// anywhere else (a pipe, a file, a test) one plain line per change, so logs stay readable.
/// </summary>
internal sealed class LiveView
{
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly Queue<string> _recent = new();
    private string? _lastStep;

    public LiveView(TextWriter output, bool plain = false)
    {
        _output = output;
        _interactive = !plain && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi;
    }

    /// <summary>True when rendering a live panel on a terminal.</summary>
    public bool Interactive => _interactive;

    /// <summary>Runs <paramref name="loop"/>, which reports progress through the callback it is given.</summary>
    public async Task RunAsync(Func<Func<OperationProgress, string?, Task>, Task> loop)
    {
        if (!_interactive)
        {
            await loop(async (p, extra) =>
            {
                Remember(p);
                await _output.WriteLineAsync($"[{DateTime.Now:HH:mm:ss}] {ProgressText.Line(p)}{(extra is null ? string.Empty : " | " + extra)}").ConfigureAwait(false);
            }).ConfigureAwait(false);
            return;
        }

        await AnsiConsole.Live(new Text("starting...")).AutoClear(false).StartAsync(async context =>
        {
            await loop((p, extra) =>
            {
                Remember(p);
                context.UpdateTarget(Render(p, extra));
                context.Refresh();
                return Task.CompletedTask;
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private void Remember(OperationProgress p)
    {
        var step = $"{p.Phase}: {p.Step}";
        if (step == _lastStep)
        {
            return;
        }

        _lastStep = step;
        _recent.Enqueue($"{DateTime.Now:HH:mm:ss} {step}");
        while (_recent.Count > 6)
        {
            _recent.Dequeue();
        }
    }

    private Panel Render(OperationProgress p, string? extra)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow(new Markup("[bold]Phase[/]"), new Markup(Markup.Escape(p.Phase)));
        grid.AddRow(new Markup("[bold]Step[/]"), new Markup(Markup.Escape(p.Step)));
        if (p.NodesTotal > 0)
        {
            grid.AddRow(new Markup("[bold]Nodes[/]"), new Markup($"[green]{Markup.Escape(ProgressText.Bar(p.NodesDone, p.NodesTotal))}[/] {p.NodesDone}/{p.NodesTotal}"));
        }

        if (p.PartitionsTotal > 0)
        {
            grid.AddRow(new Markup("[bold]Partitions[/]"), new Markup($"[green]{Markup.Escape(ProgressText.Bar(p.PartitionsMoved, p.PartitionsTotal))}[/] {p.PartitionsMoved}/{p.PartitionsTotal}"));
        }

        if (p.BytesTotal > 0)
        {
            grid.AddRow(new Markup("[bold]Data[/]"), new Markup($"[green]{Markup.Escape(ProgressText.Bar(p.BytesMoved, p.BytesTotal))}[/] {Markup.Escape(Format.Bytes(p.BytesMoved))} of {Markup.Escape(Format.Bytes(p.BytesTotal))}"));
        }

        if (p.EstimatedSecondsLeft is { } eta)
        {
            grid.AddRow(new Markup("[bold]ETA[/]"), new Markup(Markup.Escape(Format.Duration(TimeSpan.FromSeconds(eta)))));
        }

        if (p.AwaitingApproval is not null)
        {
            grid.AddRow(new Markup("[bold yellow]Approval[/]"), new Markup(Markup.Escape(p.AwaitingApproval)));
        }

        if (!string.IsNullOrEmpty(p.WaitingFor))
        {
            grid.AddRow(new Markup("[bold yellow]Waiting[/]"), new Markup(Markup.Escape(p.WaitingFor)));
        }

        if (extra is not null)
        {
            grid.AddRow(new Markup("[bold]Cluster[/]"), new Markup(Markup.Escape(extra)));
        }

        grid.AddRow(new Markup("[bold]Recent[/]"), new Markup(Markup.Escape(string.Join(Environment.NewLine, _recent))));
        return new Panel(grid).Header(p.Paused ? "kafka-upgrade (paused)" : "kafka-upgrade").Expand();
    }
}
