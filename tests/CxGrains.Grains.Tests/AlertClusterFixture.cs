using System.Collections.Concurrent;
using CxGrains.Abstractions;
using CxGrains.Grains.Alerts;
using CxGrains.Grains.Live;
using CxGrains.Persistence;
using CxGrains.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A single-silo cluster on a temporary SQLite file with alert rules, short intervals, a webhook to
/// a local listener, and a live publisher that records what the alert grain publishes.
/// </summary>
public sealed class AlertClusterFixture : IAsyncLifetime
{
    public const string WebhookSecret = "cluster-webhook-secret-0123";

    /// <summary>Abandon % over 1 h above 30 raises, back at 15 resolves, from 10 contacts (every touchpoint).</summary>
    public const string TouchpointRule = "tp-abandon";

    /// <summary>CSAT top-2 % over 1 h below 50 raises, back at 70 resolves, from 10 answers (one segment).</summary>
    public const string SegmentRule = "seg-csat";

    /// <summary>As <see cref="TouchpointRule"/>, on <see cref="SilentTouchpoint"/> only, resolved as "no data" after 2 s without new contacts.</summary>
    public const string SilentRule = "tp-abandon-silent";

    /// <summary>The one touchpoint <see cref="SilentRule"/> watches.</summary>
    public const string SilentTouchpoint = "tp-goes-silent";

    /// <summary>The one segment <see cref="SegmentRule"/> watches.</summary>
    public const string WatchedRegion = "ALERTS";

    private readonly string _directory = Directory.CreateTempSubdirectory("cx-alerts-").FullName;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public WebhookReceiver Webhooks { get; } = new();

    public IAlertGrain Alerts => Cluster.Client.GetGrain<IAlertGrain>(AlertGrainKeys.Cluster);

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cx:Durability:AckMode"] = "Applied",
            ["Cx:Durability:WriteBehindInterval"] = "00:00:00.200",
            ["Cx:Durability:AggregateWriteBehindInterval"] = "00:00:00.200",
            ["Cx:Accumulator:FlushInterval"] = "00:00:00.050",
            ["Cx:Alerts:UpdateInterval"] = "00:00:00.100",
            ["Cx:Alerts:Rules:0:Name"] = TouchpointRule,
            ["Cx:Alerts:Rules:0:Subject"] = "touchpoint",
            ["Cx:Alerts:Rules:0:Metric"] = "abandonPercent",
            ["Cx:Alerts:Rules:0:Window"] = "1h",
            ["Cx:Alerts:Rules:0:Comparison"] = "above",
            ["Cx:Alerts:Rules:0:Threshold"] = "30",
            ["Cx:Alerts:Rules:0:ClearThreshold"] = "15",
            ["Cx:Alerts:Rules:0:MinimumResponses"] = "10",
            ["Cx:Alerts:Rules:1:Name"] = SegmentRule,
            ["Cx:Alerts:Rules:1:Subject"] = "segment",
            ["Cx:Alerts:Rules:1:Subjects:0"] = $"region={WatchedRegion}",
            ["Cx:Alerts:Rules:1:Metric"] = "csatTop2Percent",
            ["Cx:Alerts:Rules:1:Window"] = "1h",
            ["Cx:Alerts:Rules:1:Comparison"] = "below",
            ["Cx:Alerts:Rules:1:Threshold"] = "50",
            ["Cx:Alerts:Rules:1:ClearThreshold"] = "70",
            ["Cx:Alerts:Rules:1:MinimumResponses"] = "10",
            ["Cx:Alerts:Rules:2:Name"] = SilentRule,
            ["Cx:Alerts:Rules:2:Subject"] = "touchpoint",
            ["Cx:Alerts:Rules:2:Subjects:0"] = SilentTouchpoint,
            ["Cx:Alerts:Rules:2:Metric"] = "abandonPercent",
            ["Cx:Alerts:Rules:2:Window"] = "1h",
            ["Cx:Alerts:Rules:2:Comparison"] = "above",
            ["Cx:Alerts:Rules:2:Threshold"] = "30",
            ["Cx:Alerts:Rules:2:ClearThreshold"] = "15",
            ["Cx:Alerts:Rules:2:MinimumResponses"] = "10",
            ["Cx:Alerts:Rules:2:NoDataTimeout"] = "00:00:02",
            ["Cx:Alerts:Customers:Tiers:0"] = "gold",
            ["Cx:Alerts:Customers:Tiers:1"] = "platinum",
            ["Cx:Alerts:Webhooks:0:Url"] = Webhooks.Url,
            ["Cx:Alerts:Webhooks:0:Secret"] = WebhookSecret,
            ["Cx:Alerts:Delivery:InitialBackoff"] = "00:00:00.050",
            ["Cx:Alerts:Delivery:MaxBackoff"] = "00:00:00.200",

            // Longer than any test: the alert list is stored only on deactivation or an erasure.
            ["Cx:Alerts:WriteInterval"] = "00:01:00",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var path = Path.Combine(_directory, "grains.db");

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddCxSqliteGrainStorage(StorageNames.Provider, path);
            silo.Services.AddCxSqliteEventJournal(StorageNames.Provider);
            silo.Services.AddSingleton<ILivePublisher, RecordingLivePublisher>();
            silo.AddCxGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Webhooks.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The alert with this id among raised and resolved ones (the newest episode), or null.</summary>
    public async Task<AlertSnapshot?> FindAsync(string alertId, bool activeOnly = false) =>
        (await Alerts.List(activeOnly)).FirstOrDefault(a => a.AlertId == alertId);

    /// <summary>The alert list as grain storage holds it now, read through the silo's own storage provider.</summary>
    public async Task<AlertState> StoredAsync()
    {
        var storage = Cluster.Silos[0].SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        var stored = new GrainState<AlertState> { State = new AlertState() };
        await storage.ReadStateAsync(StorageNames.Alerts, GrainId.Create("cx.alerts", AlertGrainKeys.Cluster), stored);
        return stored.State;
    }
}

/// <summary>Records every alert the alert grain publishes (the silo-side seam the SignalR hub plugs into).</summary>
public sealed class RecordingLivePublisher : ILivePublisher
{
    public static ConcurrentQueue<AlertSnapshot> Published { get; } = new();

    public void PublishAlert(AlertSnapshot alert) => Published.Enqueue(alert);

    public static List<AlertSnapshot> For(string alertId) => [.. Published.Where(a => a.AlertId == alertId)];
}

[CollectionDefinition(Name)]
public sealed class AlertCluster : ICollectionFixture<AlertClusterFixture>
{
    public const string Name = "alert cluster";
}
