using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// The services a silo gives a grain storage (serializer, activators, cluster options, logging,
/// lifecycle), without a silo: storage is registered through the real CxGrains extension
/// methods, resolved by name and started through its lifecycle hooks.
/// </summary>
internal sealed class StorageHost : IAsyncDisposable
{
    public const string ProviderName = "cx";

    private readonly ServiceProvider _services;
    private readonly TestLifecycle _lifecycle;

    private StorageHost(ServiceProvider services, TestLifecycle lifecycle)
    {
        _services = services;
        _lifecycle = lifecycle;
        Storage = services.GetRequiredKeyedService<IGrainStorage>(ProviderName);
    }

    public IGrainStorage Storage { get; }

    public static async Task<StorageHost> StartAsync(string serviceId, Action<ISiloBuilder> addStorage)
    {
        var builder = new TestSiloBuilder();
        builder.Services.AddLogging();
        builder.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(TestState).Assembly));
        builder.Services.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = serviceId;
            options.ClusterId = "tests";
        });
        addStorage(builder);

        var services = builder.Services.BuildServiceProvider();
        var lifecycle = new TestLifecycle();
        foreach (var participant in services.GetServices<ILifecycleParticipant<ISiloLifecycle>>())
        {
            participant.Participate(lifecycle);
        }

        await lifecycle.StartAsync();
        return new StorageHost(services, lifecycle);
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.StopAsync();
        await _services.DisposeAsync();
    }

    private sealed class TestSiloBuilder : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }
}
