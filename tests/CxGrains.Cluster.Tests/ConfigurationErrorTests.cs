using CxGrains.TestingHost;

namespace CxGrains.Cluster.Tests;

/// <summary>A bad setting (cluster, endpoints, storage, durability, alert rules, webhooks, keys) stops the real host process at start-up with a message naming the setting.</summary>
public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("Cx:Mode", "Gateway", "Cx:Mode must be Silo or FrontEnd")]
    [InlineData("Cx:Cluster:AdvertisedAddress", "silo-1.local", "Cx:Cluster:AdvertisedAddress must be an IP address")]
    [InlineData("Cx:Cluster:AdvertisedAddress", "0.0.0.0", "Cx:Cluster:AdvertisedAddress must be an IP address")]
    [InlineData("Cx:Cluster:GatewayPort", "11111", "Cx:Cluster:SiloPort and Cx:Cluster:GatewayPort must differ")]
    [InlineData("Cx:Cluster:SiloPort", "70000", "Cx:Cluster:SiloPort must be a TCP port")]
    [InlineData("Cx:Cluster:ResponseTimeout", "00:00:00.100", "Cx:Cluster:ResponseTimeout must be between")]
    [InlineData("Cx:Shutdown:Timeout", "01:00:00", "Cx:Shutdown:Timeout must be between 1 second and 10 minutes")]
    [InlineData("Cx:Endpoints:ListenAddress", "localhost", "Cx:Endpoints:ListenAddress must be an IP address")]
    [InlineData("Cx:Storage:Provider", "Mongo", "Cx:Storage:Provider must be Sqlite or Postgres")]
    [InlineData("Cx:Storage:Provider", "Postgres", "Cx:Storage:PostgresConnectionString is required when")]
    [InlineData("Cx:Storage:PostgresConnectionString", "Host=127.0.0.1;Port=not-a-port", "Cx:Storage:PostgresConnectionString is not a valid Npgsql connection string")]
    [InlineData("Cx:Storage:SqlitePath", "/proc/cx/cxgrains.db", "Cx:Storage:SqlitePath '/proc/cx/cxgrains.db' cannot be opened for writing")]
    [InlineData("Cx:Health:Scorecards:0:AtRiskThreshold", "85", "Cx:Health:Scorecards:0:AtRiskThreshold must be between 0 and HealthyThreshold")]
    [InlineData("Cx:Durability:AckMode", "Eventually", "'Cx:Durability:AckMode'")]
    [InlineData("Cx:Durability:WriteBehindMaxInFlight", "0", "Cx:Durability:WriteBehindMaxInFlight must be 1–1000000")]
    [InlineData("Cx:Durability:SnapshotInterval", "00:00:00", "Cx:Durability:SnapshotInterval must be between 50 ms and 1 day")]
    [InlineData("Cx:Durability:SnapshotEvents", "0", "Cx:Durability:SnapshotEvents must be 1–1000000")]
    [InlineData("Cx:Journal:RetentionDays", "0", "Cx:Journal:RetentionDays must be between 1 and 3650")]
    [InlineData("Cx:Alerts:Rules:0:Metric", "happiness", "Cx:Alerts:Rules:0:Metric 'happiness' must be one of")]
    [InlineData("Cx:Alerts:Rules:1:ClearThreshold", "60", "Cx:Alerts:Rules:1:ClearThreshold (60) must be at or above Threshold (80)")]
    [InlineData("Cx:Alerts:NoDataTimeout", "-00:05:00", "Cx:Alerts:NoDataTimeout must be")]
    [InlineData("Cx:Alerts:Webhooks:0:Url", "ftp://example.com/hook", "Cx:Alerts:Webhooks:0:Url must be an absolute http or https URL")]
    [InlineData("Cx:Queues:TimeZone", "Mars/Olympus_Mons", "Cx:Queues:TimeZone must be an IANA time zone id")]
    [InlineData("Cx:Queues:OpenContactCutoff", "00:00:00", "OpenContactCutoff")]
    [InlineData("Cx:Wallboard:Boards:night:Window", "TWO_HOURS", "Cx:Wallboard:Boards:night:Window must be ONE_MINUTE")]
    [InlineData("Cx:Wallboard:Thresholds:happiness:Warning", "3", "Cx:Wallboard:Thresholds:happiness is not a wallboard figure")]
    public async Task A_bad_setting_stops_the_process_naming_it(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Cx:Cluster:SiloPort"] = "11111",
            [key] = value,
        };
        using var host = HostProcess.Start($"bad-{key}", TestHostSettings.OnFreePorts(settings));

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains(message, host.Tail(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cx:Auth:Keys:0:Key", "too-short", "Cx:Auth:Keys:0:Key must be at least 16 characters")]
    [InlineData("Cx:Auth:Keys:0:Role", "superuser", "Cx:Auth:Keys:0:Role")]
    public async Task A_bad_key_in_production_stops_the_process_naming_it(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>()
            .WithEnvironment("Production")
            .WithKeys(new HostKey("ingest-key-long-enough-0001", "ingest", "channel"));
        settings[key] = value;
        using var host = HostProcess.Start($"bad-{key}", TestHostSettings.OnFreePorts(settings));

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains(message, host.Tail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Equal_grpc_and_http_ports_are_refused()
    {
        var port = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var host = HostProcess.Start("same-ports", TestHostSettings.OnFreePorts(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Cx:Endpoints:GrpcPort"] = port,
            ["Cx:Endpoints:HttpPort"] = port,
        }));

        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("Cx:Endpoints:GrpcPort and Cx:Endpoints:HttpPort must differ", host.Tail(), StringComparison.Ordinal);
    }
}
