using System.Globalization;
using CxGrains.Contracts.V1;
using CxGrains.Host;
using CxGrains.TestingHost;
using CxGrains.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace CxGrains.Admin.Tests;

/// <summary>cx-admin against a real host over its real gRPC port: a durable host on PostgreSQL, and an applied one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RecomputeCommandTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Customers = 4;
    private const int EventsPerCustomer = 5;

    private readonly string _ingestKey = $"ingest-{Guid.NewGuid():N}";
    private readonly string _adminKey = $"admin-{Guid.NewGuid():N}";

    [Fact]
    public async Task Recompute_with_wait_follows_the_run_to_the_end_and_reports_every_journaled_entry_replayed()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["Cx:Storage:Provider"] = "Postgres",
            ["Cx:Storage:PostgresConnectionString"] = await postgres.CreateDatabaseAsync(),
            ["Cx:Storage:ApplySchemaAtStartup"] = "false",
            ["Cx:Durability:AckMode"] = "Durable",
        });
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        await IngestAsync(host);

        // The key comes from CX_API_KEY, as an operator's shell would pass it.
        var result = await CxAdmin.RunAsync(
            name => name == "CX_API_KEY" ? _adminKey : null,
            "recompute", "--from", from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "--url", host.GrpcUrl.ToString(), "--wait", "--poll", "0.2");
        output.WriteLine(result.ToString());

        Assert.True(result.ExitCode == AdminExitCode.Success, result.ToString());
        Assert.Empty(result.Error);
        var lines = result.Output.Split(Environment.NewLine);
        var runId = lines[0].Split(' ')[1];
        Assert.True(Guid.TryParse(runId, out _), lines[0]);
        Assert.StartsWith($"recompute {runId} started (from ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"recompute {runId} SUCCEEDED", StringComparison.Ordinal));
        Assert.Contains($"  customers  {Customers} replayed of {Customers}, {Customers} rebuilt", lines);
        Assert.Contains(lines, l => l.StartsWith($"  entries    {Customers * EventsPerCustomer} replayed, ", StringComparison.Ordinal));

        // The same run read back once.
        var status = await CxAdmin.RunAsync("recompute-status", "--id", runId, "--url", host.GrpcUrl.ToString(), "--api-key", _adminKey);
        Assert.True(status.ExitCode == AdminExitCode.Success, status.ToString());
        Assert.StartsWith($"recompute {runId} SUCCEEDED", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recompute_on_a_host_in_ack_mode_applied_exits_1_with_the_failed_precondition()
    {
        using var directory = new TempDirectory("cx-admin-tests");
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["Cx:Durability:AckMode"] = "Applied",
        }.WithSqlite(directory.Combine("applied.db")));

        var result = await CxAdmin.RunAsync(
            "recompute", "--from", "2026-01-01", "--url", host.GrpcUrl.ToString(), "--api-key", _adminKey, "--wait");

        Assert.True(result.ExitCode == AdminExitCode.Failed, result.ToString());
        Assert.Empty(result.Output);
        Assert.StartsWith("cx-admin: the server refused: FAILED_PRECONDITION: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Cx:Durability:AckMode=Durable", result.Error);
    }

    private Task<InProcessHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Warning";
        settings.WithKeys(new HostKey(_ingestKey, "ingest", "admin-tests-channel"), new HostKey(_adminKey, "admin", "admin-tests-admin"));
        return InProcessHost.StartOnFreePortsAsync(CxHost.Create, settings);
    }

    // Durable mode acknowledges a batch once its events are in the journal: after this, the recompute finds them all.
    private async Task IngestAsync(InProcessHost host)
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcUrl);
        var ingest = new IngestService.IngestServiceClient(channel);
        var run = Guid.NewGuid().ToString("N")[..8];
        var batch = new EventBatch { BatchId = $"admin-{run}" };
        for (var c = 0; c < Customers; c++)
        {
            for (var e = 0; e < EventsPerCustomer; e++)
            {
                batch.Events.Add(new InteractionEvent
                {
                    EventId = $"{run}-c{c}-e{e}",
                    CustomerId = $"{run}-c{c}",
                    TouchpointId = $"tp-{run}",
                    Channel = Channel.Phone,
                    JourneyStage = JourneyStage.PostPurchase,
                    OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                    Csat = new CsatResponse { Score = 1 + ((c + e) % 5) },
                });
            }
        }

        var ack = await ingest.SubmitAsync(batch, new Metadata { { "x-api-key", _ingestKey } });
        Assert.Equal(Customers * EventsPerCustomer, ack.Accepted);
    }
}
