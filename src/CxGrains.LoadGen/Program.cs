using CxGrains.LoadGen.Cli;

return await LoadGenCommand.RunAsync(args, Console.Out, Console.Error);
