using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxGrains.Grains.Live;

/// <summary>Registers the silo side of live fan-out.</summary>
public static class LiveSiloBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="LiveOptions"/> (validated at start-up) and the batching publisher that
    /// touchpoint, segment and alert grains hand their changes to, unless an <see cref="ILivePublisher"/>
    /// is already registered.
    /// </summary>
    public static ISiloBuilder AddCxLivePublisher(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.HostExpiry > o.RenewInterval, $"{LiveOptions.Section}:HostExpiry must be longer than {LiveOptions.Section}:RenewInterval.")
            .ValidateOnStart();
        services.AddSingleton<BatchingLivePublisher>();
        // TryAdd: a publisher registered before (a test's recorder, an embedding app's own) wins.
        services.TryAddSingleton<ILivePublisher>(sp => sp.GetRequiredService<BatchingLivePublisher>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<BatchingLivePublisher>());
        return builder;
    }
}
