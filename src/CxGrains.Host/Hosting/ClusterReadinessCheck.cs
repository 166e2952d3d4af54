using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Ready when this process takes part in the cluster: a silo once it is Active in the membership; a
/// front end (an Orleans client without grains) once the cluster answers it with at least one
/// active silo and, the first time, once it is connected to every active silo's gateway (or
/// <see cref="FirstReadyGatewayWait"/> passed), so that its first calls do not wait for connections.
/// </summary>
internal sealed class ClusterReadinessCheck : IHealthCheck, IDisposable
{
    private readonly SiloActivity _silo;
    private readonly bool _hostsSilo;
    private readonly ReadinessProbe? _clientProbe;
    private long _firstAnsweredAt;
    private volatile bool _wasReady;

    /// <summary>
    /// Longest a front end waits for the gateways of every active silo before its first "ready": a
    /// silo that is listed but unreachable must not keep it out of service.
    /// </summary>
    internal static readonly TimeSpan FirstReadyGatewayWait = TimeSpan.FromSeconds(10);

    public ClusterReadinessCheck(IServiceProvider services, SiloActivity silo, IOptions<ReadinessOptions> options, TimeProvider time,
        ILogger<ClusterReadinessCheck> logger)
    {
        var gateways = services.GetService<GatewayConnections>();
        _silo = silo;
        _hostsSilo = services.GetService<ILocalSiloDetails>() is not null;
        if (!_hostsSilo && services.GetService<IClusterClient>() is { } client)
        {
            _clientProbe = new ReadinessProbe("cluster", async ct =>
            {
                var management = client.GetGrain<IManagementGrain>(0);
                var hosts = await management.GetHosts(onlyActive: true, ct);
                if (hosts.Count == 0)
                {
                    return HealthCheckResult.Unhealthy("connected, but the cluster has no active silo");
                }

                var connected = gateways?.Connected ?? hosts.Count;
                var now = time.GetTimestamp();
                Interlocked.CompareExchange(ref _firstAnsweredAt, now, 0);
                if (!_wasReady && connected < hosts.Count && time.GetElapsedTime(Interlocked.Read(ref _firstAnsweredAt), now) < FirstReadyGatewayWait)
                {
                    return HealthCheckResult.Unhealthy($"connected to {connected} of {hosts.Count} active silos' gateways; waiting for the rest before serving");
                }

                _wasReady = true;
                return HealthCheckResult.Healthy($"connected to {connected} gateway(s); {hosts.Count} active silo(s)");
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
