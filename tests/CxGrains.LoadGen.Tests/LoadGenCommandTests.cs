using System.Text.Json;
using CxGrains.LoadGen.Cli;

namespace CxGrains.LoadGen.Tests;

public sealed class LoadGenCommandTests
{
    [Fact]
    public async Task Help_prints_usage_and_succeeds()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await LoadGenCommand.RunAsync(["--help"], stdout, stderr);

        Assert.Equal(LoadGenCommand.Success, exit);
        Assert.Contains("cx-loadgen [options]", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("--in-flight", stdout.ToString(), StringComparison.Ordinal);
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public async Task Bad_arguments_exit_with_the_usage_code_and_say_why()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await LoadGenCommand.RunAsync(["--streams", "zero"], stdout, stderr);

        Assert.Equal(LoadGenCommand.UsageError, exit);
        Assert.Contains("cx-loadgen: --streams: 'zero' is not a whole number", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("--help", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_prints_the_summary_and_writes_json()
    {
        await using var server = await TestIngestServer.StartAsync();
        var json = Path.Combine(Path.GetTempPath(), $"cx-loadgen-{Guid.NewGuid():N}.json");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        try
        {
            var exit = await LoadGenCommand.RunAsync(
                ["--url", server.Url.ToString(), "--api-key", server.Behavior.ApiKey, "--customers", "1000", "--events", "4000",
                    "--batch", "400", "--json", json, "--quiet", "--track-acked"],
                stdout,
                stderr);

            Assert.Equal(LoadGenCommand.Success, exit);
            Assert.Contains("acknowledged 4,000 events: 4,000 accepted, 0 duplicates, 0 rejected", stdout.ToString(), StringComparison.Ordinal);
            Assert.Empty(stderr.ToString());
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = document.RootElement;
            Assert.Equal(4_000, root.GetProperty("accepted").GetInt64());
            Assert.True(root.GetProperty("complete").GetBoolean());
            Assert.Equal(4_000, root.GetProperty("ackedByCustomer").EnumerateObject().Sum(p => p.Value.GetInt64()));
            Assert.True(root.GetProperty("ackLatency").GetProperty("p99Ms").GetDouble() > 0);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task An_unreachable_server_exits_with_the_connection_code_and_a_clear_message()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await LoadGenCommand.RunAsync(
            ["--url", "http://127.0.0.1:1", "--events", "100", "--streams", "1", "--reconnect-attempts", "0", "--quiet"],
            stdout,
            stderr);

        Assert.Equal(LoadGenCommand.ConnectionFailure, exit);
        Assert.Contains("Cannot reach the ingest service at http://127.0.0.1:1/", stderr.ToString(), StringComparison.Ordinal);
    }
}
