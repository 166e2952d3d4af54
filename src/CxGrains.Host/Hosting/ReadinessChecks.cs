using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CxGrains.Host.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers) and <c>/readyz</c> (readiness: joined the
/// cluster, storage reachable) for orchestrators and load balancers.
/// </summary>
public static class ReadinessChecks
{
    /// <summary>Tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks and their options.</summary>
    public static IServiceCollection AddCxHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReadinessOptions>().Bind(configuration.GetSection(ReadinessOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SiloActivity>();

        // Only a silo runs this lifecycle; in a front end the registration is never asked for.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloActivity>());
        services.AddSingleton<ClusterReadinessCheck>();
        services.AddSingleton<StorageReadinessCheck>();
        services.AddHealthChecks()
            .AddCheck<ClusterReadinessCheck>("cluster", tags: [ReadyTag])
            .AddCheck<StorageReadinessCheck>("storage", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps <c>/healthz</c> and <c>/readyz</c>; both answer without an API key.</summary>
    public static IEndpointRouteBuilder MapCxHealthChecks(this IEndpointRouteBuilder app)
    {
        // Liveness runs no check: a process that answers is alive, and restarting it because the
        // database is down would not help.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        }).AllowAnonymous();
        return app;
    }

    // "Healthy" or "Unhealthy" on the first line (as the default writer), then one line per check.
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(" (").Append(entry.Description).Append(")\n");
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
