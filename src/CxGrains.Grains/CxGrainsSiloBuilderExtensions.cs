using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Alerts;
using CxGrains.Grains.Customers;
using CxGrains.Grains.Live;
using CxGrains.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains;

/// <summary>Registers CxGrains' grains and their collaborators on a silo.</summary>
public static class CxGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the options (validated at start-up), the per-silo accumulator and its flush loop.
    /// Grain storage named <see cref="StorageNames.Provider"/> and the event journal over the same
    /// store must be added separately.
    /// </summary>
    public static ISiloBuilder AddCxGrains(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddOptions<DurabilityOptions>().Bind(configuration.GetSection(DurabilityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CustomerOptions>().Bind(configuration.GetSection(CustomerOptions.Section)).ValidateDataAnnotations()
            .Validate(o => { o.Health.Validate(); return true; })
            .Validate(o => o.BandSweepInterval >= TimeSpan.FromSeconds(1) && o.BandSweepInterval <= TimeSpan.FromHours(1),
                $"{CustomerOptions.Section}:BandSweepInterval must be between 00:00:01 and 01:00:00.")
            .ValidateOnStart();
        services.AddOptions<Health.HealthOptions>().Configure(o => o.Scorecards = Health.HealthOptions.Read(configuration)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Health.HealthOptions>, Health.HealthOptionsValidator>();
        services.AddSingleton<Health.Scorecards>();
        services.AddOptions<AccumulatorOptions>().Bind(configuration.GetSection(AccumulatorOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ServiceTargetOptions>().Bind(configuration.GetSection(ServiceTargetOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.TargetWaitSeconds.Values.All(v => v > 0), $"{ServiceTargetOptions.Section}:TargetWaitSeconds values must be positive seconds.")
            .ValidateOnStart();
        services.AddOptions<Queues.QueueOptions>().Bind(configuration.GetSection(Queues.QueueOptions.Section)).ValidateDataAnnotations()
            .Validate(o => Queues.QueuePolicies.IsKnownTimeZone(o.TimeZone), $"{Queues.QueueOptions.Section}:TimeZone must be an IANA time zone id such as Europe/Paris.")
            .Validate(o => o.ShortAbandonSeconds.Values.All(v => v >= 0 && double.IsFinite(v)), $"{Queues.QueueOptions.Section}:ShortAbandonSeconds values must be seconds ≥ 0.")
            .ValidateOnStart();
        services.AddOptions<SegmentOptions>().Bind(configuration.GetSection(SegmentOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.EffectivePairs.All(p => p.Count == 2), $"{SegmentOptions.Section}:Pairs entries must be written 'a|b'.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceTargets>();
        services.AddSingleton<Queues.QueuePolicies>();
        services.AddSingleton<SegmentRouting>();
        services.AddSingleton<StringPool>();
        services.AddMetrics();
        services.TryAddSingleton<GrainMetrics>();
        services.AddSingleton<Customers.AttributeDictionaryPool>();
        services.AddSingleton<AggregateAccumulator>();
        services.AddSingleton<Storage.MembershipChurn>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Storage.MembershipChurn>());
        builder.AddCxLivePublisher(configuration);
        services.AddSingleton<Customers.CustomerEventApplier>();
        services.AddSingleton<Customers.UnsavedEventBuffers>();
        services.AddSingleton<Customers.JournalEventCodec>();
        services.AddSingleton<Customers.CustomerJournal>();
        services.AddSingleton<TouchpointDeliveries>();
        services.AddSingleton<Abstractions.Journal.IJournalCommitObserver>(sp => sp.GetRequiredService<TouchpointDeliveries>());
        services.AddSingleton<JournalRecovery>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<JournalRecovery>());
        services.AddSingleton<Customers.CustomerHealthReporter>();
        services.AddSingleton<Customers.CustomerStore>();
        services.AddSingleton<Customers.CustomerStateMerger>();
        services.AddSingleton<Customers.CustomerGrainServices>();
        services.AddSingleton<Customers.CustomerErasure>();
        services.AddSingleton<Customers.CustomerRecomputation>();
        services.AddSingleton<Recompute.RecomputeMetrics>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Recompute.RecomputeMetrics>());
        services.AddSingleton<Customers.CustomerWriteBehind>();
        services.AddSingleton<Customers.BandChangeSweep>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Customers.BandChangeSweep>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<Customers.CustomerWriteBehind>());
        services.AddSingleton<AccumulatorFlusher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AccumulatorFlusher>());
        services.AddCxAlerts(configuration);
        return builder;
    }
}
