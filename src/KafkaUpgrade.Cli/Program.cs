using KafkaUpgrade.Cli;

// Ctrl+C and SIGTERM cancel the running command (System.CommandLine wires them to the action's token).
return await CliApplication.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
