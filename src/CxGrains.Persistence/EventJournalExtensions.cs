using CxGrains.Abstractions.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace CxGrains.Persistence;

/// <summary>
/// Registers the event journal: an <see cref="IEventJournalStore"/> and the silo's
/// <see cref="JournalCommitter"/> over it, with <see cref="JournalOptions"/> bound from
/// <c>Cx:Journal</c> and validated at start-up.
/// </summary>
public static class EventJournalExtensions
{
    /// <summary>Adds the journal in PostgreSQL (table <c>cx_event_journal</c> of the CxGrains schema).</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="connectionString">An Npgsql connection string to a database that has the CxGrains schema.</param>
    /// <param name="serviceId">The service id scoping the rows; <see langword="null"/> takes the cluster's <see cref="ClusterOptions.ServiceId"/>.</param>
    public static IServiceCollection AddCxPostgresEventJournal(this IServiceCollection services, string connectionString, string? serviceId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddSingleton<IEventJournalStore>(provider => PostgresEventJournalStore.Create(
            connectionString, serviceId ?? provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        return services.AddJournalCommitter();
    }

    /// <summary>
    /// Adds the journal in the embedded SQLite store registered as grain storage
    /// <paramref name="storageName"/> (<see cref="SqliteGrainStorageExtensions.AddCxSqliteGrainStorage(ISiloBuilder, string, string)"/>):
    /// same file, same writer thread and transactions, same service id.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="storageName">The name the SQLite grain storage was added under.</param>
    public static IServiceCollection AddCxSqliteEventJournal(this IServiceCollection services, string storageName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageName);
        services.AddSingleton<IEventJournalStore>(provider =>
            provider.GetKeyedService<IGrainStorage>(storageName) is SqliteGrainStorage storage
                ? new SqliteEventJournalStore(storage)
                : throw new InvalidOperationException(
                    $"The SQLite event journal needs grain storage '{storageName}' to be the SQLite store (AddCxSqliteGrainStorage)."));
        return services.AddJournalCommitter();
    }

    private static IServiceCollection AddJournalCommitter(this IServiceCollection services)
    {
        services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<JournalMetrics>();
        services.AddSingleton(provider => new JournalCommitter(
            provider.GetRequiredService<IEventJournalStore>(),
            provider.GetRequiredService<IOptions<JournalOptions>>().Value,
            // The address with its generation: a restarted silo is a new writer. (Outside a silo, one per process.)
            provider.GetService<ILocalSiloDetails>()?.SiloAddress.ToParsableString() ?? $"process-{Guid.NewGuid():N}",
            provider.GetRequiredService<JournalMetrics>(),
            provider.GetService<IJournalCommitObserver>()));
        services.AddSingleton<IEventJournal>(provider => provider.GetRequiredService<JournalCommitter>());
        services.AddSingleton<GroupedJournalReader>();
        services.AddSingleton<IJournalReader>(provider => provider.GetRequiredService<GroupedJournalReader>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, JournalCommitterLifecycle>();
        return services;
    }
}
