using CxGrains.Persistence;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace CxGrains.Grains.Tests;

/// <summary>The two stores every persistence test runs against.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>Builds in-process test clusters wired like a real silo, on a real store.</summary>
public static class TestClusters
{
    /// <summary>At-risk customers each segment lists in these clusters: small, so tests see the bound.</summary>
    public const int AtRiskKept = 5;

    /// <summary>
    /// Starts a cluster of <paramref name="silos"/> silos on the given store and ack mode. A
    /// <paramref name="responseTimeout"/> shorter than Orleans' 30 s lets kill tests see calls to a
    /// dead silo fail (and resend them) sooner. Clusters given one <paramref name="serviceId"/> share
    /// their stored state, as a cluster's successive deployments do. <paramref name="extraSettings"/> add to or
    /// override the configuration (e.g. a changed scoring setting); <paramref name="configureSilo"/> adds to every silo
    /// (e.g. a call filter that injects a fault).
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(StoreKind store, string storeLocation, int silos, string ackMode,
        TimeSpan? responseTimeout = null, string? serviceId = null, IReadOnlyDictionary<string, string?>? extraSettings = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cx:Durability:AckMode"] = ackMode,
            ["Cx:Durability:WriteBehindInterval"] = "00:00:00.200",
            ["Cx:Durability:SnapshotInterval"] = "00:00:00.200",
            ["Cx:Durability:AggregateWriteBehindInterval"] = "00:00:00.200",
            ["Cx:Accumulator:FlushInterval"] = "00:00:00.050",
            ["Cx:ServiceTargets:TargetWaitSeconds:fast-queue"] = "20",
            ["Cx:Segments:AtRiskKept"] = AtRiskKept.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var builder = new InProcessTestClusterBuilder((short)silos);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((_, silo) =>
        {
            if (store == StoreKind.Sqlite)
            {
                silo.AddCxSqliteGrainStorage(StorageNames.Provider, storeLocation);
                silo.Services.AddCxSqliteEventJournal(StorageNames.Provider);
            }
            else
            {
                silo.AddCxPostgresGrainStorage(StorageNames.Provider, storeLocation);
                silo.Services.AddCxPostgresEventJournal(storeLocation);
            }

            silo.AddCxGrains(configuration);
            configureSilo?.Invoke(silo);
            if (responseTimeout is { } timeout)
            {
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = timeout);
            }
        });
        if (responseTimeout is { } clientTimeout)
        {
            builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = clientTimeout));
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
