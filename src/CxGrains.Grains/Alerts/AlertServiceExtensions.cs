using CxGrains.Grains.Alerts.Webhooks;
using CxGrains.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Alerts;

/// <summary>Registers alert rules, their evaluators, the alert reporter and the webhook dispatcher on a silo.</summary>
public static class AlertServiceExtensions
{
    /// <summary>Binds <c>Cx:Alerts</c> (validated at start-up) and adds the per-silo alert services.</summary>
    public static IServiceCollection AddCxAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.Section))
            .Configure(o => o.NpsMinimumResponses = configuration.GetValue("Cx:Query:MinimumResponses", MetricDefinitions.DefaultMinimumResponses))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();

        services.AddSingleton<AlertRuleSet>();
        services.AddSingleton<AggregateAlerts>();
        services.AddSingleton<CustomerAlerts>();
        services.AddSingleton<AlertReporter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AlertReporter>());
        services.AddSingleton<AlertWebhookDispatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AlertWebhookDispatcher>());
        return services;
    }
}
