using System.Runtime.InteropServices;
using KafkaUpgrade.Cli;

// SIGTERM and Ctrl+C cancel the running command's token, so long-running commands (server, simulate, worker, watch)
// stop cleanly and exit 0. We register the signals ourselves: a command that hosts ASP.NET (the simulate front's
// control and metrics endpoints) gets the generic host's console lifetime, which swallows SIGTERM for its own host
// and left `simulate` running. A second signal while the first is being handled terminates the process as usual.
using var shutdown = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
return await CliApplication.RunAsync(args, Console.Out, Console.Error, shutdown.Token).ConfigureAwait(false);

void Stop(PosixSignalContext context)
{
    if (shutdown.IsCancellationRequested)
    {
        return;
    }

    context.Cancel = true;
    shutdown.Cancel();
}
