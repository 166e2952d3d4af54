using System.Net;
using CxGrains.Grains;
using CxGrains.Host.Admin;
using CxGrains.Host.Dashboard;
using CxGrains.Host.Ingest;
using CxGrains.Host.Live;
using CxGrains.Host.Query;
using CxGrains.Host.Security;
using CxGrains.Persistence;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;

namespace CxGrains.Host.Hosting;

/// <summary>Wires the web front end: Kestrel ports, gRPC with JSON transcoding, auth, health, metrics.</summary>
public static class FrontEndExtensions
{
    /// <summary>Registers the front end's services.</summary>
    public static WebApplicationBuilder AddCxFrontEnd(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var endpoints = configuration.GetSection(EndpointOptions.Section).Get<EndpointOptions>() ?? new EndpointOptions();
        var limits = configuration.GetSection(IngestLimitsOptions.Section).Get<IngestLimitsOptions>() ?? new IngestLimitsOptions();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(endpoints.ListenAddress);
            kestrel.Listen(address, endpoints.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, endpoints.HttpPort, o => o.Protocols = HttpProtocols.Http1AndHttp2);
        });

        services.AddOptions<EndpointOptions>().Bind(configuration.GetSection(EndpointOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestLimitsOptions>().Bind(configuration.GetSection(IngestLimitsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueryOptions>().Bind(configuration.GetSection(QueryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = limits.MaxMessageBytes;
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
        }).AddJsonTranscoding();

        services.AddCxApiKeys(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AttributeSets>();
        services.AddSingleton<ReasonCodeLists>();
        services.AddSingleton<IngestAdmission>();
        services.AddSingleton<EventValidator>();
        services.AddSingleton<IngestPipeline>();

        // The bare sink is a benchmark's diagnostic switch: it replaces the grain calls, never the pipeline.
        if (limits.BareSink)
        {
            services.AddSingleton<IBatchApplier, BareSinkApplier>();
        }
        else
        {
            services.AddSingleton<IBatchApplier, GrainBatchApplier>();
        }
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<StreamQuota>();

        services.AddCxHealthChecks(configuration);
        // System.Runtime: the runtime's own GC, allocation, thread-pool and lock-contention metrics.
        // GC pauses and allocation per event decide ingest p99 on a loaded silo.
        services.AddSingleton<GcPauseMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IngestMetrics.MeterName, GrainMetrics.MeterName, JournalMetrics.MeterName, GcPauseMetrics.MeterName, "Microsoft.Orleans", "System.Runtime")
            // Two of Orleans' gauges walk every activation, or every entry of the directory cache, at each
            // scrape: with a million customers active a scrape would cost the silo that walk twice.
            // orleans_catalog_activations still counts activations, without a walk.
            .AddView("orleans-messaging-processing-activation-data", MetricStreamConfiguration.Drop)
            .AddView("orleans-directory-cache-size", MetricStreamConfiguration.Drop)
            .AddPrometheusExporter());
        builder.AddCxLive();
        return builder;
    }

    /// <summary>Maps the front end's endpoints.</summary>
    public static WebApplication MapCxFrontEnd(this WebApplication app)
    {
        // The key store checks its settings when it is built: build it now, so that an unusable key
        // stops the process naming the setting instead of failing every request later.
        app.Services.GetRequiredService<ApiKeyStore>();

        // Listening from now on, so that the scrape counts every pause of the collector from the start.
        app.Services.GetRequiredService<GcPauseMetrics>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<IngestGrpcService>();
        app.MapGrpcService<QueryGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapCxHealthChecks();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapCxLive();
        app.MapCxDashboard();
        return app;
    }
}
