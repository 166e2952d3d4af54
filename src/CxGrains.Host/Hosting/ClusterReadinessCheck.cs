using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Ready when this process takes part in the cluster: a silo once it is Active in the membership; a
/// front end (an Orleans client without grains) once the cluster answers it with at least one
/// active silo.
/// </summary>
internal sealed class ClusterReadinessCheck : IHealthCheck, IDisposable
{
    private readonly SiloActivity _silo;
    private readonly bool _hostsSilo;
    private readonly ReadinessProbe? _clientProbe;

    public ClusterReadinessCheck(IServiceProvider services, SiloActivity silo, IOptions<ReadinessOptions> options, TimeProvider time,
        ILogger<ClusterReadinessCheck> logger)
    {
        _silo = silo;
        _hostsSilo = services.GetService<ILocalSiloDetails>() is not null;
        if (!_hostsSilo && services.GetService<IClusterClient>() is { } client)
        {
            _clientProbe = new ReadinessProbe("cluster", async ct =>
            {
                var management = client.GetGrain<IManagementGrain>(0);
                var hosts = await management.GetHosts(onlyActive: true, ct);
                return hosts.Count > 0
                    ? HealthCheckResult.Healthy($"connected; {hosts.Count} active silo(s)")
                    : HealthCheckResult.Unhealthy("connected, but the cluster has no active silo");
            }, options.Value, time, logger);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_hostsSilo)
        {
            return Task.FromResult(_silo.IsActive
                ? HealthCheckResult.Healthy("silo active")
                : HealthCheckResult.Unhealthy("the silo has not joined the cluster yet, or is leaving it"));
        }

        return _clientProbe?.CheckAsync(cancellationToken)
            ?? Task.FromResult(HealthCheckResult.Unhealthy("this process neither hosts a silo nor has a cluster client"));
    }

    public void Dispose() => _clientProbe?.Dispose();
}
