using CxGrains.TestingHost;
using CxGrains.TestSupport;

namespace CxGrains.Host.Tests;

/// <summary>
/// A real host (silo, gRPC and JSON front end) with one alert rule and a webhook to a local
/// listener, both needing to be known at start-up, hence a fixture of its own.
/// </summary>
public sealed class AlertHostFixture() : ApiHostFixture("cx-alert-host-tests")
{
    public const string Rule = "host-abandon";
    public const string WebhookSecret = "host-webhook-secret-0123456";

    public string IngestKey { get; } = $"ingest-{Guid.NewGuid():N}";

    public string ReaderKey { get; } = $"reader-{Guid.NewGuid():N}";

    public string WallboardKey { get; } = $"wallboard-{Guid.NewGuid():N}";

    public WebhookReceiver Webhooks { get; } = new();

    // Neither API keys nor the webhook secret may reach a log.
    protected override IEnumerable<string> Secrets => [IngestKey, ReaderKey, WallboardKey, WebhookSecret];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Webhooks.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override Dictionary<string, string?> Settings(string sqlitePath)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Orleans"] = "Warning",
            ["Logging:LogLevel:Microsoft.Orleans"] = "Warning",
            ["Cx:Accumulator:FlushInterval"] = "00:00:00.050",
            ["Cx:Alerts:UpdateInterval"] = "00:00:00.100",
            ["Cx:Alerts:Webhooks:0:Url"] = Webhooks.Url,
            ["Cx:Alerts:Webhooks:0:Secret"] = WebhookSecret,
            ["Cx:Alerts:Delivery:InitialBackoff"] = "00:00:00.050",
        }
        .WithSqlite(sqlitePath)
        .WithKeys(
            new HostKey(IngestKey, "ingest", "alert-test-channel"),
            new HostKey(ReaderKey, "reader", "alert-test-reader"),
            new HostKey(WallboardKey, "wallboard", "alert-test-wall-screen"));

        // Rule 0 replaces the first shipped default field by field; every field is set so none of it leaks in.
        var rule = new Dictionary<string, string>
        {
            ["Name"] = Rule,
            ["Subject"] = "touchpoint",
            ["Metric"] = "abandonPercent",
            ["Window"] = "1h",
            ["Comparison"] = "above",
            ["Threshold"] = "30",
            ["ClearThreshold"] = "15",
            ["MinimumResponses"] = "10",
        };
        foreach (var (name, value) in rule)
        {
            settings[$"Cx:Alerts:Rules:0:{name}"] = value;
        }

        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class AlertHostCollection : ICollectionFixture<AlertHostFixture>
{
    public const string Name = "alert host";
}
