using CxGrains.Admin;

return await AdminCommand.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
