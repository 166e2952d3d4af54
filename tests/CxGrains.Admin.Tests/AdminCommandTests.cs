using CxGrains.TestingHost;

namespace CxGrains.Admin.Tests;

/// <summary>Exit codes that need no server: usage errors and an address nothing listens on.</summary>
[Trait("Tier", "Fast")]
public sealed class AdminCommandTests
{
    [Fact]
    public async Task A_usage_error_exits_2_and_says_what_is_wrong_on_standard_error()
    {
        var result = await CxAdmin.RunAsync("recompute", "--from", "last week", "--url", "http://127.0.0.1:5000", "--api-key", "k");

        Assert.Equal(AdminExitCode.UsageError, result.ExitCode);
        Assert.Contains("cx-admin: --from: 'last week' is not an ISO-8601 time", result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Help_exits_0_on_standard_output()
    {
        var result = await CxAdmin.RunAsync("recompute-status", "--help");

        Assert.Equal(AdminExitCode.Success, result.ExitCode);
        Assert.Contains("--id", result.Output);
    }

    [Fact]
    public async Task A_host_that_is_not_there_exits_3_naming_the_address()
    {
        // A free port: nothing listens there, so the connection is refused at once.
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var result = await CxAdmin.RunAsync("recompute-status", "--id", Guid.NewGuid().ToString(), "--url", url, "--api-key", "k");

        Assert.Equal(AdminExitCode.ConnectionFailure, result.ExitCode);
        Assert.Contains($"cx-admin: cannot reach {url}", result.Error);
        Assert.Contains("UNAVAILABLE", result.Error);
    }
}
