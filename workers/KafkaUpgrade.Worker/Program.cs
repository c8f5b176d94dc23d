using KafkaUpgrade.Worker.Hosting;

// The worker host; everything it does lives in WorkerHost so the CLI's 'worker' command runs the same code.
return await WorkerHost.RunAsync(args);
