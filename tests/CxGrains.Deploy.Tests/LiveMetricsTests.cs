using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CxGrains.Deploy.Tests;

/// <summary>
/// Files that name metrics or probe endpoints, checked against a live host: the Grafana dashboard,
/// the Prometheus alerts, the metrics docs, and the Dockerfile's and compose file's health checks.
/// </summary>
[Collection(LiveMetricsCollection.Name)]
public sealed partial class LiveMetricsTests(LiveMetricsFixture live)
{
    /// <summary>Series Prometheus makes itself for every target; no process exports them.</summary>
    private static readonly HashSet<string> PrometheusSeries = ["up"];

    private static readonly string[] Severities = ["warning", "critical"];

    /// <summary>The cx_ families the host exports (the exporter adds units and _total).</summary>
    private static readonly string[] CxFamilies =
    [
        "cx_events_ingested_total", "cx_events_duplicate_total", "cx_events_rejected_total", "cx_ack_latency_seconds",
        "cx_batches_in_flight", "cx_events_in_flight", "cx_ingest_admission_wait_seconds", "cx_customer_grains_active", "cx_storage_write_duration_seconds", "cx_storage_flush_lag_seconds",
        "cx_storage_write_failures_total", "cx_accumulator_flush_duration_seconds", "cx_accumulator_flush_lag_seconds",
        "cx_accumulator_deltas_sent_total", "cx_accumulator_delta_failures_total", "cx_signalr_connections", "cx_signalr_pushes_total",
        "cx_gc_pause_duration_seconds",
    ];

    private static readonly string[] DashboardPanels =
    [
        "Ingest rate", "Rejects by reason", "Ack latency p50 / p99", "Batches in flight", "Active customer grains",
        "Storage flush lag p99", "Orleans activations", "Wallboard connections and pushes",
    ];

    [Fact]
    public void Exports_every_cx_instrument_and_Orleans_meters()
    {
        Assert.All(CxFamilies, f => Assert.Contains(f, live.Names));
        Assert.Contains("orleans_catalog_activations", live.Names);
        Assert.Contains(live.Names, n => n.StartsWith("orleans_messaging_", StringComparison.Ordinal));
        Assert.Contains(live.Names, n => n.StartsWith("orleans_storage_", StringComparison.Ordinal));

        // Dropped: each walks every activation or directory cache entry at every scrape.
        Assert.DoesNotContain(live.Names, n => n.StartsWith("orleans_messaging_processing_activation_data", StringComparison.Ordinal));
        Assert.DoesNotContain(live.Names, n => n.StartsWith("orleans_directory_cache_size", StringComparison.Ordinal));

        // Reasons are labelled; the fixture sent one out-of-range score per batch.
        Assert.Contains(PromText.Samples(live.Exposition, "cx_events_rejected_total"), l => l.Contains("reason=\"SCORE_OUT_OF_RANGE\"", StringComparison.Ordinal));
        Assert.Contains(PromText.Samples(live.Exposition, "cx_storage_flush_lag_seconds_count"), l => l.Contains("grain=\"customer\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Active_customer_grains_counts_the_customers_the_fixture_activated()
    {
        // Six valid customers and one whose only event was rejected (never activated); no other test uses this host.
        var sample = Assert.Single(PromText.Samples(live.Exposition, "cx_customer_grains_active"));
        Assert.Equal(6, double.Parse(sample.Split(' ')[^1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_dashboard_query_names_a_metric_the_host_exports()
    {
        var dashboard = JsonDocument.Parse(RepoFiles.Read("deploy/grafana/dashboards/cxgrains.json")).RootElement;
        var datasource = Yaml.Seq(Yaml.Load(RepoFiles.Read("deploy/grafana/provisioning/datasources/prometheus.yml")).Get("datasources"), "datasources").Single();
        var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(DashboardPanels.Length, DashboardPanels.Intersect(panels.Select(p => p.GetProperty("title").GetString()!)).Count());

        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal(datasource.At("uid"), panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            foreach (var target in targets)
            {
                var expr = target.GetProperty("expr").GetString()!;
                var names = PromText.MetricNamesIn(expr);
                Assert.True(names.Count > 0, $"panel '{title}': no metric in {expr}");
                Assert.All(names, n => Assert.True(live.Names.Contains(n), $"panel '{title}': {n} is not exported by the host"));
            }
        }
    }

    [Fact]
    public void Every_alert_is_complete_and_names_metrics_the_host_exports()
    {
        var groups = Yaml.Seq(Yaml.Load(RepoFiles.Read("deploy/prometheus/alerts.yml")).Get("groups"), "groups");
        var rules = groups.SelectMany(g => Yaml.Seq(g.At("rules"), "rules")).Select(r => Yaml.Map(r, "rule")).ToList();
        Assert.True(rules.Count >= 6, $"only {rules.Count} alerts");
        foreach (var rule in rules)
        {
            var name = Yaml.Str(rule.Get("alert"), "alert");
            var expr = Yaml.Str(rule.Get("expr"), $"{name}.expr");
            Assert.Matches(@"^\d+[smh]$", Yaml.Str(rule.Get("for"), $"{name}.for"));
            Assert.Contains(Yaml.Str(rule.At("labels", "severity"), $"{name}.labels.severity"), Severities);
            Assert.False(string.IsNullOrWhiteSpace(rule.At("annotations", "summary") as string), $"{name} has no summary");
            var names = PromText.MetricNamesIn(expr);
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.True(live.Names.Contains(n) || PrometheusSeries.Contains(n), $"alert {name}: {n} is not exported by the host"));
        }

        Assert.Equal(rules.Count, rules.Select(r => r.Get("alert")).Distinct().Count());
    }

    [Fact]
    public void The_metrics_docs_describe_exactly_the_cx_metrics_the_host_exports()
    {
        var text = RepoFiles.Read("docs/operations.md");
        var start = text.IndexOf("\n## Metrics", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no '## Metrics' section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        var documented = DocumentedMetric().Matches(section).Select(m => m.Value).ToHashSet();
        var exported = live.Names.Where(n => n.StartsWith("cx_", StringComparison.Ordinal) && !n.EndsWith("_bucket", StringComparison.Ordinal)
            && !n.EndsWith("_sum", StringComparison.Ordinal) && !n.EndsWith("_count", StringComparison.Ordinal)).ToHashSet();
        Assert.All(exported, n => Assert.Contains(n, documented));
        Assert.All(documented, n => Assert.Contains(n, exported));
    }

    [Fact]
    public async Task The_Dockerfile_health_check_passes_against_a_live_host_and_fails_against_a_dead_port()
    {
        var command = new Dockerfile().HealthCheckCommand();
        Assert.Equal(0, await RunAsync(command, live.Host.HttpPort));
        Assert.NotEqual(0, await RunAsync(command, TestingHost.FreePort.Next()));
    }

    [Fact]
    public async Task The_compose_readiness_check_passes_against_a_ready_host_and_fails_against_a_dead_port()
    {
        var compose = new ComposeFile();
        var test = Yaml.Seq(compose.Services["silo1"].At("healthcheck", "test"), "healthcheck.test").Cast<string>().ToArray();
        Assert.Equal("CMD", test[0]);
        var http = HostSettings.Bind<Host.Hosting.EndpointOptions>(compose.Environment("silo1"), Host.Hosting.EndpointOptions.Section).HttpPort;

        // The same command, pointed at the live host's port instead of the container's.
        string[] At(int port) => [.. test[1..].Select(a => a.Replace($"/dev/tcp/127.0.0.1/{http}", $"/dev/tcp/127.0.0.1/{port}", StringComparison.Ordinal))];
        Assert.Equal(0, await RunAsync(At(live.Host.HttpPort), live.Host.HttpPort));
        Assert.NotEqual(0, await RunAsync(At(TestingHost.FreePort.Next()), 0));
    }

    private static async Task<int> RunAsync(string[] command, int httpPort)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Cx__Endpoints__HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    [GeneratedRegex(@"\bcx_[a-z0-9_]+\b")]
    private static partial Regex DocumentedMetric();
}
