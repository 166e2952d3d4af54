using System.Diagnostics;
using System.Reflection;
using CxGrains.TestSupport;
using Xunit.Abstractions;

namespace CxGrains.Live.Tests;

/// <summary>
/// The wallboard in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, see
/// browser/wallboard.mjs) against a real host: numbers change after ingest, the page survives a
/// server restart on the same ports and storage, and a screenshot is saved under the test output.
/// </summary>
public sealed class WallboardBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _storage = new("cx-wallboard");

    [Fact]
    public async Task Wallboard_shows_live_numbers_and_survives_a_server_restart()
    {
        var scriptDirectory = typeof(WallboardBrowserTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BrowserTestDirectory").Value!;
        Assert.True(Directory.Exists(Path.Combine(scriptDirectory, "node_modules", "playwright-core")),
            $"Run 'npm ci' in {scriptDirectory} first (test.sh does).");
        var chromium = Environment.GetEnvironmentVariable("CX_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium not found at {chromium}: apt-get install chromium (test.sh does).");

        var keys = new TestKeys();
        await using var host = new LiveHost(LiveHost.Settings(keys, new Dictionary<string, string?>
        {
            ["Cx:Storage:Provider"] = "Sqlite",
            ["Cx:Storage:SqlitePath"] = _storage.Combine("cxgrains.db"),
        }));
        await host.StartAsync();

        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        var screenshot = Path.Combine(screenshots, "wallboard.png");
        var touchpoint = TestIngest.UniqueId("queue");

        using var node = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { "wallboard.mjs", host.BaseUrl, keys.Reader, keys.Ingest, touchpoint, screenshot },
            WorkingDirectory = scriptDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string? line;
        var verdict = "";
        try
        {
            while ((line = await node.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            {
                output.WriteLine(line);
                if (line == "RESTART")
                {
                    await host.StopAsync();
                    await host.StartAsync();
                    await node.StandardInput.WriteLineAsync("UP");
                    await node.StandardInput.FlushAsync();
                }
                else if (line is "PASS" || line.StartsWith("FAIL", StringComparison.Ordinal))
                {
                    verdict = line;
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
        Assert.True(File.Exists(screenshot), "The screenshot was not saved.");
    }

    public void Dispose() => _storage.Dispose();
}
