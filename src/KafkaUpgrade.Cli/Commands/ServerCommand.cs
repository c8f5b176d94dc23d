using System.CommandLine;
using System.Net.Sockets;
using KafkaUpgrade.EmbeddedTemporal;
using KafkaUpgrade.Workflows.Support;

namespace KafkaUpgrade.Cli.Commands;

/// <summary><c>kafka-upgrade server</c>: the embedded Temporal-compatible server, until Ctrl+C / SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (0: any free port).", DefaultValueFactory = _ => 7233 };
        var db = new Option<string?>("--db") { Description = "SQLite file to persist to, so the server can be killed and restarted without losing a workflow (default: memory)." };
        var httpPort = new Option<int?>("--http-port") { Description = "Also serve Temporal's HTTP API (JSON under /api/v1) on this loopback port (0: any free port; default: none)." };
        var corsOrigin = new Option<string?>("--http-cors-origin") { Description = "Browser origin the HTTP API allows (CORS), e.g. http://localhost:8080, or *." };
        var command = new Command("server", """
            Run the embedded Temporal-compatible server on 127.0.0.1 (for one machine and offline use; production
            uses a real Temporal cluster). It prints the address it listens on and runs until Ctrl+C / SIGTERM.
            The project's search attributes (KafkaClusterId, KafkaUpgradePhase, KafkaTargetVersion) are registered.

            Examples:
              kafka-upgrade server
              kafka-upgrade server --port 7233 --db ~/.kafka-upgrade/temporal.db
              kafka-upgrade server --http-port 7243 --http-cors-origin http://localhost:8080
            """)
        {
            port, db, httpPort, corsOrigin,
        };
        command.SetAction((parse, token) => CliErrors.GuardAsync(error, async () =>
        {
            var portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535)
            {
                throw new BadInputException($"--port must be between 0 and 65535, was {portValue}.");
            }

            var httpPortValue = parse.GetValue(httpPort);
            if (httpPortValue is < 0 or > 65535)
            {
                throw new BadInputException($"--http-port must be between 0 and 65535, was {httpPortValue}.");
            }

            if (httpPortValue is not null && httpPortValue == portValue && portValue != 0)
            {
                throw new BadInputException($"--http-port must differ from --port (both {portValue}).");
            }

            var cors = parse.GetValue(corsOrigin);
            if (cors is not null && cors != "*" && !(Uri.TryCreate(cors, UriKind.Absolute, out var origin) && origin.Scheme is "http" or "https" && origin.AbsolutePath == "/"))
            {
                throw new BadInputException($"--http-cors-origin must be an origin such as http://localhost:8080 (scheme, host, optional port) or *, was '{cors}'.");
            }

            if (cors is not null && httpPortValue is null)
            {
                throw new BadInputException("--http-cors-origin needs --http-port (there is no HTTP API without it).");
            }

            var options = new EmbeddedTemporalOptions(
                portValue, parse.GetValue(db), [.. UpgradeSearchAttributes.All.Select(a => a.Name)], httpPortValue, cors?.TrimEnd('/'));
            try
            {
                await EmbeddedTemporalServer.RunAsync(options, output, token).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is SocketException or null)
            {
                throw new BadInputException($"cannot listen on 127.0.0.1:{portValue}{(httpPortValue is null ? "" : $" and :{httpPortValue}")}: {ex.Message} (is another server running? try --port 0).");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
