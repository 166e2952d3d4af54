using CxGrains.Host;

await CxHost.Create(args).RunAsync();
