using CxGrains.Abstractions.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// The services a silo gives the event journal, without a silo: registered through the real
/// CxGrains extensions, configured from <c>Cx:Journal</c> settings, started and stopped through
/// the silo lifecycle.
/// </summary>
internal sealed class JournalHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TestLifecycle _lifecycle;

    private JournalHost(ServiceProvider services, TestLifecycle lifecycle)
    {
        _services = services;
        _lifecycle = lifecycle;
    }

    public IEventJournalStore Store => _services.GetRequiredService<IEventJournalStore>();

    public JournalCommitter Committer => _services.GetRequiredService<JournalCommitter>();

    public JournalOptions Options => _services.GetRequiredService<IOptions<JournalOptions>>().Value;

    /// <summary>Starts the SQLite grain storage in <paramref name="file"/> with the journal beside it.</summary>
    public static Task<JournalHost> StartSqliteAsync(string serviceId, string file, IDictionary<string, string?>? settings = null) =>
        StartAsync(serviceId, settings, builder =>
        {
            builder.AddCxSqliteGrainStorage(StorageHost.ProviderName, file);
            builder.Services.AddCxSqliteEventJournal(StorageHost.ProviderName);
        });

    /// <summary>Starts the PostgreSQL journal, scoped by the cluster's service id.</summary>
    public static Task<JournalHost> StartPostgresAsync(string serviceId, string connectionString, IDictionary<string, string?>? settings = null) =>
        StartAsync(serviceId, settings, builder => builder.Services.AddCxPostgresEventJournal(connectionString));

    public ServiceProvider Services => _services;

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.StopAsync();
        await _services.DisposeAsync();
    }

    public static async Task<JournalHost> StartAsync(string serviceId, IDictionary<string, string?>? settings, Action<ISiloBuilder> add)
    {
        var builder = new TestSiloBuilder(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        builder.Services.AddSingleton<IConfiguration>(builder.Configuration);
        builder.Services.AddLogging();
        builder.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(TestState).Assembly));
        builder.Services.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = serviceId;
            options.ClusterId = "tests";
        });
        add(builder);

        var services = builder.Services.BuildServiceProvider();
        var lifecycle = new TestLifecycle();
        foreach (var participant in services.GetServices<ILifecycleParticipant<ISiloLifecycle>>())
        {
            participant.Participate(lifecycle);
        }

        try
        {
            await lifecycle.StartAsync();
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }

        return new JournalHost(services, lifecycle);
    }

    private sealed class TestSiloBuilder(IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration { get; } = configuration;
    }
}
