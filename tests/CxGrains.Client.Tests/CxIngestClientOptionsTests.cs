namespace CxGrains.Client.Tests;

[Trait("Tier", "Fast")]
public sealed class CxIngestClientOptionsTests
{
    private static readonly CxIngestClientOptions Valid = new() { Endpoints = [new Uri("http://127.0.0.1:5000")] };

    [Fact]
    public void The_defaults_with_an_endpoint_are_valid()
    {
        Assert.Empty(Valid.Validate());
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var options = Valid with
        {
            Endpoints = [new Uri("ftp://127.0.0.1/")],
            ApiKey = "key\n",
            MaxBatchSize = 0,
            Linger = TimeSpan.FromMilliseconds(-1),
            MaxInFlightBatches = 0,
            Streams = 0,
            MaxReconnectAttempts = -1,
            ReconnectDelay = TimeSpan.FromSeconds(5),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
            AckTimeout = TimeSpan.Zero,
            BatchIdPrefix = "",
        };

        var errors = options.Validate();

        string[] named =
        [
            "Endpoints", "ApiKey", "MaxBatchSize", "Linger", "MaxInFlightBatches", "Streams", "MaxReconnectAttempts",
            "ReconnectDelay", "AckTimeout", "BatchIdPrefix",
        ];
        Assert.Equal(named.Length, errors.Count);
        Assert.All(named, name => Assert.Contains(errors, e => e.StartsWith(name + ":", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_client_without_endpoints_refuses_to_start_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new CxIngestClient(new CxIngestClientOptions()));

        Assert.Contains("Endpoints: at least one ingest address is needed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_per_attempt_within_jitter_and_stops_at_the_maximum()
    {
        var options = Valid with { ReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) };

        Assert.InRange(options.Backoff(1).TotalMilliseconds, 80, 120);
        Assert.InRange(options.Backoff(3).TotalMilliseconds, 320, 480);
        Assert.InRange(options.Backoff(30).TotalMilliseconds, 800, 1200);
    }
}
