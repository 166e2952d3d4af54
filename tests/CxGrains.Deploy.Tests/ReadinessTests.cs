using CxGrains.Host.Hosting;
using CxGrains.TestingHost;
using CxGrains.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CxGrains.Deploy.Tests;

/// <summary>/readyz is unready until the silo is active and while storage is unreachable; /healthz stays 200.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_is_503_until_the_silo_is_active_then_200()
    {
        var gate = new SiloStartGate();
        await using var host = new TestHost(configure: b => b.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(gate));
        var starting = host.BeginStart();
        try
        {
            await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));

            // Kestrel starts after the silo, so nothing listens yet: ask the checks /readyz runs directly.
            var health = host.App.Services.GetRequiredService<HealthCheckService>();
            var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadinessChecks.ReadyTag));
            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.Equal(HealthStatus.Unhealthy, report.Entries["cluster"].Status);
            Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
        }
        finally
        {
            gate.Open();
        }

        await starting;
        var ready = await Eventually.ValueAsync(() => host.GetAsync("/readyz"), r => r.Status == 200, "/readyz 200 once active");
        Assert.Contains("cluster: Healthy", ready.Body, StringComparison.Ordinal);
        Assert.Contains("storage: Healthy", ready.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_turns_503_when_PostgreSQL_goes_down_while_healthz_stays_200()
    {
        var server = await PostgresServer.StartAsync();
        try
        {
            var connectionString = await server.CreateDatabaseAsync();
            await using var host = new TestHost(new Dictionary<string, string?>
            {
                ["Cx:Storage:Provider"] = "Postgres",
                ["Cx:Storage:PostgresConnectionString"] = connectionString,
            });
            await host.StartAsync();
            var ready = await Eventually.ValueAsync(() => host.GetAsync("/readyz"), r => r.Status == 200, "/readyz 200 with PostgreSQL up");
            Assert.Contains("storage: Healthy", ready.Body, StringComparison.Ordinal);

            await server.DisposeAsync();
            var down = await Eventually.ValueAsync(() => host.GetAsync("/readyz"), r => r.Status != 200, "/readyz not 200 with PostgreSQL down");
            Assert.Equal(503, down.Status);
            Assert.Contains("storage: Unhealthy", down.Body, StringComparison.Ordinal);
            Assert.Contains("cluster: Healthy", down.Body, StringComparison.Ordinal);
            Assert.Equal(200, (await host.GetAsync("/healthz")).Status);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
