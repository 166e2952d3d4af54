using System.Net.Http.Headers;
using CxGrains.Contracts.V1;
using CxGrains.Host.Security;
using CxGrains.TestingHost;
using CxGrains.TestSupport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CxGrains.Host.Tests;

/// <summary>
/// One CxGrains host (silo, gRPC and JSON front end) for the whole collection, on free ports,
/// a throw-away SQLite file and freshly generated API keys, with its logs captured.
/// </summary>
public sealed class HostFixture() : ApiHostFixture("cx-host-tests")
{
    /// <summary>Batches of one stream the server applies at once (Cx:Ingest:MaxInFlightBatchesPerStream).</summary>
    public const int MaxInFlightBatches = 4;

    /// <summary>Events the silo applies at once (Cx:Ingest:MaxInFlightEvents): exactly the stream window of BackpressureTests' batches.</summary>
    public const int MaxInFlightEvents = 2000;

    /// <summary>Largest gRPC message the server accepts (Cx:Ingest:MaxMessageBytes).</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    /// <summary>Recent interactions a customer view lists: high enough to count every event of a test customer.</summary>
    public const int RecentInteractions = 100;

    public string IngestKey { get; } = $"ingest-{Guid.NewGuid():N}";

    public string ReaderKey { get; } = $"reader-{Guid.NewGuid():N}";

    public string AdminKey { get; } = $"admin-{Guid.NewGuid():N}";

    public const string IngestName = "test-channel";

    public const string ReaderName = "test-reader";

    public const string AdminName = "test-admin";

    /// <summary>The queues' time zone: one where it is about noon now, so the last hour is all "today".</summary>
    public string QueueTimeZone { get; } = QueueScenario.NoonZone(DateTime.UtcNow);

    public InFlightProbe InFlight { get; } = new("cx_batches_in_flight");

    public InFlightProbe EventsInFlight { get; } = new("cx_events_in_flight");

    public IReadOnlyList<string> AllKeys => [IngestKey, ReaderKey, AdminKey];

    // Covers the whole run, shutdown included: no configured key may reach a log.
    protected override IEnumerable<string> Secrets => AllKeys;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            InFlight.Dispose();
            EventsInFlight.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A separate connection, for tests that must not share flow-control windows with others.</summary>
    public GrpcChannel NewChannel() => GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");

    /// <summary>gRPC metadata carrying <paramref name="key"/>.</summary>
    public static Metadata Key(string key) => new() { { ApiKeyAuthenticationHandler.HeaderName, key } };

    /// <summary>An HTTP request carrying <paramref name="key"/> (none when null).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, IMessage? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(JsonFormatter.Default.Format(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    /// <summary>GETs <paramref name="path"/> as JSON and parses it into <typeparamref name="T"/>, failing on any non-success status.</summary>
    public async Task<T> GetJsonAsync<T>(string path, string key) where T : IMessage<T>, new()
    {
        using var request = Request(HttpMethod.Get, path, key);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonParser.Default.Parse<T>(body);
    }

    /// <summary>The customer, or null when the server says NOT_FOUND.</summary>
    public async Task<CustomerView?> FindCustomerAsync(string customerId)
    {
        try
        {
            return await Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = customerId }, Key(ReaderKey));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Events applied to a customer so far (every event is listed: tests stay under <see cref="RecentInteractions"/>).</summary>
    public async Task<int> AppliedEventsAsync(string customerId) => (await FindCustomerAsync(customerId))?.Recent.Count ?? 0;

    /// <summary>A touchpoint's one-hour metrics, or null while it has seen nothing.</summary>
    public async Task<TouchpointView?> FindTouchpointAsync(string touchpointId)
    {
        try
        {
            return await Query.GetTouchpointAsync(new GetTouchpointRequest { TouchpointId = touchpointId, Window = Window.OneHour }, Key(ReaderKey));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A segment's one-hour metrics, or null while it has seen nothing.</summary>
    public async Task<SegmentView?> FindSegmentAsync(string segmentKey)
    {
        try
        {
            return await Query.GetSegmentAsync(new GetSegmentRequest { SegmentKey = segmentKey, Window = Window.OneHour }, Key(ReaderKey));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    protected override Dictionary<string, string?> Settings(string sqlitePath) => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Microsoft.Orleans"] = "Warning",
        ["Cx:Accumulator:FlushInterval"] = "00:00:00.050",
        ["Cx:Ingest:MaxInFlightBatchesPerStream"] = MaxInFlightBatches.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cx:Ingest:MaxInFlightEvents"] = MaxInFlightEvents.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cx:Ingest:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cx:Customers:RecentInteractions"] = RecentInteractions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cx:Queues:TimeZone"] = QueueTimeZone,
    }
    .WithSqlite(sqlitePath)
    .WithKeys(new HostKey(IngestKey, "ingest", IngestName), new HostKey(ReaderKey, "reader", ReaderName), new HostKey(AdminKey, "admin", AdminName));
}

/// <summary>Every host test shares one <see cref="HostFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
