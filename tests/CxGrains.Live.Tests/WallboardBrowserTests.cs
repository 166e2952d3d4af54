using System.Diagnostics;
using System.Reflection;
using CxGrains.TestingHost;
using Xunit.Abstractions;

namespace CxGrains.Live.Tests;

/// <summary>
/// The wallboard in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, see
/// browser/*.mjs) against a real host: numbers change after ingest, the page survives a server
/// restart on the same ports and storage, queue figures cross thresholds, the stale badge follows
/// the host, TV mode rotates saved boards; screenshots are saved under the test output.
/// </summary>
public sealed class WallboardBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _storage = new("cx-wallboard");

    [Fact]
    public async Task Wallboard_shows_live_numbers_and_survives_a_server_restart()
    {
        var keys = new TestKeys();
        await using var host = new LiveHost(LiveHost.Settings(keys, Storage()));
        await host.StartAsync();
        var screenshot = Path.Combine(Screenshots(), "wallboard.png");
        var touchpoint = TestIngest.UniqueId("queue");

        await RunScriptAsync(["wallboard.mjs", host.BaseUrl, keys.Reader, keys.Ingest, touchpoint, screenshot], async line =>
        {
            if (line != "RESTART")
            {
                return null;
            }

            await host.StopAsync();
            await host.StartAsync();
            return "UP";
        });
        Assert.True(File.Exists(screenshot), "The screenshot was not saved.");
    }

    [Fact]
    public async Task A_queue_tile_crosses_thresholds_the_board_goes_stale_without_its_host_and_tv_mode_rotates_boards()
    {
        var keys = new TestKeys();
        var wallboardKey = $"wallboard-{Guid.NewGuid():N}";
        var queue = TestIngest.UniqueId("queue");
        var settings = LiveHost.Settings(keys, Storage());
        settings["Cx:Auth:Keys:2:Key"] = wallboardKey;
        settings["Cx:Auth:Keys:2:Role"] = "wallboard";
        settings["Cx:Auth:Keys:2:Name"] = "wall-screen";
        settings["Cx:Wallboard:Boards:support:Touchpoints:0"] = queue;
        settings["Cx:Wallboard:Boards:support:Window"] = "ONE_HOUR";
        settings["Cx:Wallboard:Boards:support:Thresholds:waiting:Warning"] = "2";
        settings["Cx:Wallboard:Boards:support:Thresholds:waiting:Critical"] = "4";
        settings["Cx:Wallboard:Boards:overview:Segments:0"] = "all";
        settings["Cx:Wallboard:Boards:overview:Touchpoints:0"] = queue;
        await using var host = new LiveHost(settings);
        await host.StartAsync();
        var screenshots = Screenshots();

        await RunScriptAsync(["queue-board.mjs", host.BaseUrl, wallboardKey, keys.Ingest, queue, screenshots], async line =>
        {
            switch (line)
            {
                case "STOP":
                    await host.StopAsync();
                    return "STOPPED";
                case "START":
                    await host.StartAsync();
                    return "UP";
                default:
                    return null;
            }
        });
        foreach (var name in new[] { "wallboard-queue.png", "wallboard-stale.png", "wallboard-tv.png" })
        {
            Assert.True(File.Exists(Path.Combine(screenshots, name)), $"{name} was not saved.");
        }
    }

    private Dictionary<string, string?> Storage() => new()
    {
        ["Cx:Storage:Provider"] = "Sqlite",
        ["Cx:Storage:SqlitePath"] = _storage.Combine("cxgrains.db"),
    };

    private static string Screenshots()
    {
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        return screenshots;
    }

    /// <summary>
    /// Runs a browser script with node; each line it prints goes to <paramref name="onLine"/>, whose
    /// answer (if any) is written to its stdin. The script must end with "PASS" and exit 0.
    /// </summary>
    private async Task RunScriptAsync(IEnumerable<string> arguments, Func<string, Task<string?>> onLine)
    {
        var scriptDirectory = typeof(WallboardBrowserTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BrowserTestDirectory").Value!;
        Assert.True(Directory.Exists(Path.Combine(scriptDirectory, "node_modules", "playwright-core")),
            $"Run 'npm ci' in {scriptDirectory} first (test.sh does).");
        var chromium = Environment.GetEnvironmentVariable("CX_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium not found at {chromium}: apt-get install chromium (test.sh does).");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = scriptDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string? line;
        var verdict = "";
        try
        {
            while ((line = await node.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            {
                output.WriteLine(line);
                if (line is "PASS" || line.StartsWith("FAIL", StringComparison.Ordinal))
                {
                    verdict = line;
                }
                else if (await onLine(line) is { } answer)
                {
                    await node.StandardInput.WriteLineAsync(answer);
                    await node.StandardInput.FlushAsync();
                }
            }

            await node.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }

        output.WriteLine(await stderr);
        Assert.Equal("PASS", verdict);
        Assert.Equal(0, node.ExitCode);
    }

    public void Dispose() => _storage.Dispose();
}
