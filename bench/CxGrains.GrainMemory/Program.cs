using System.Diagnostics;
using CxGrains.Abstractions;
using CxGrains.GrainMemory;
using CxGrains.Grains;
using CxGrains.Persistence;
using CxGrains.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: dotnet run -c Release --project bench/CxGrains.GrainMemory -- [customers=1000000] [trivial] [storm seconds=0]
// Settings (Cx__Customers__RecentInteractions=1, ...) may be given as environment variables.
// Heap per active customer grain = (heap after activating N customers − heap before) / N, with
// Orleans' own per-activation share included, measured once every customer's state has been
// written behind (to a temporary SQLite file, so no copy of the state stays on the heap).
// With "trivial", activates N grains without state or collaborators instead: Orleans' own share.
// Then reports what the silo allocates in 20 s with no call at all (its background work over every activation).
// With storm seconds > 0, then calls grains picked uniformly at random for that long and reports the
// garbage collector's pauses: how much of a young collection the grains' kind costs, Orleans' part alone
// with "trivial".
var customers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var mode = args.Length > 1 ? args[1] : "customer";
var trivial = mode != "customer";
var stormSeconds = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;

var dataDirectory = Directory.CreateTempSubdirectory("cx-memory-").FullName;
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering();
    silo.AddCxSqliteGrainStorage(StorageNames.Provider, Path.Combine(dataDirectory, "memory-probe.db"));
    silo.Services.AddCxSqliteEventJournal(StorageNames.Provider);
    silo.AddCxGrains(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Cx:Durability:WriteBehindInterval"] = "00:00:00.500",
    }).AddEnvironmentVariables().Build());
    silo.Configure<Orleans.Configuration.GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

var now = DateTimeOffset.UtcNow;
var touchpoints = Enumerable.Range(0, 200).Select(i => $"tp-{i}").ToArray();
CustomerEvent EventFor(int i) => new()
{
    EventId = $"e-{i}",
    TouchpointId = touchpoints[i % touchpoints.Length],
    Channel = InteractionChannel.Phone,
    Stage = JourneyStage.PostPurchase,
    Interaction = Interaction.Csat(1 + (i % 5), now.UtcTicks),
    ReceivedAtTicks = now.UtcTicks,
    Attributes = new Dictionary<string, string> { ["region"] = "EU", ["tier"] = "gold" },
};

// Calls grain c-{i} of the probed kind; a customer gets event e-{eventNumber}.
Task Call(int i, int eventNumber) => mode switch
{
    "trivial" => grains.GetGrainOf<ITrivialGrain>($"c-{i}").Touch(),
    "trivial-state" => grains.GetGrainOf<IStatefulTrivialGrain>($"c-{i}").Touch(),
    "trivial-timer" => grains.GetGrainOf<ITimerTrivialGrain>($"c-{i}").Touch(),
    _ => grains.GetGrainOf<ICustomerGrain>($"c-{i}").Apply([EventFor(eventNumber)]),
};

// Warm up the aggregates and the code paths, then measure from a settled heap.
await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => grains.GetGrain<ICustomerGrain>($"warm-{i}").Apply([EventFor(i)])));
await Task.Delay(1000);
var before = SettledHeap();

var watch = Stopwatch.StartNew();
const int Parallel = 2000;
for (var start = 0; start < customers; start += Parallel)
{
    var count = Math.Min(Parallel, customers - start);
    await Task.WhenAll(Enumerable.Range(start, count).Select(i => Call(i, i)));
}

var activationSeconds = watch.Elapsed.TotalSeconds;

// Every state written behind, and the free buffers its unsaved events were kept in let go (two trims).
await Task.Delay(TimeSpan.FromSeconds(3) + (2 * CxGrains.Grains.Customers.UnsavedEventBuffers.TrimInterval));
var after = SettledHeap();
var perGrain = (after - before) / (double)customers;
Console.WriteLine($"{(trivial ? mode + " grains" : "customers")}: {customers:N0}");
Console.WriteLine($"activation + first event: {customers / activationSeconds:N0}/s ({activationSeconds:N1} s)");
Console.WriteLine($"heap before: {before / 1048576.0:N1} MiB, after: {after / 1048576.0:N1} MiB");
Console.WriteLine($"heap per active customer grain: {perGrain:N0} bytes ({perGrain / 1024:N2} KiB), Orleans' share included");
// What the silo allocates with no call at all: its background work over every activation (timers, sweeps, Orleans'
// own bookkeeping). At the applied peak this is a fixed cost spread over the events.
var idleSeconds = 20.0;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var collectionsBefore = GC.CollectionCount(0);
await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
var idleRate = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / idleSeconds;
Console.WriteLine($"allocated while idle: {idleRate / 1048576.0:N2} MiB/s ({idleRate / customers:N1} bytes per grain per second), {GC.CollectionCount(0) - collectionsBefore} young collections in {idleSeconds:N0} s");
if (stormSeconds > 0)
{
    await CallStorm.RunAsync(TimeSpan.FromSeconds(stormSeconds), customers, (i, call) => Call(i, customers + call));
}

await host.StopAsync();
Directory.Delete(dataDirectory, recursive: true);

static long SettledHeap()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetTotalMemory(forceFullCollection: true);
}
