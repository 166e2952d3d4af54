using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;

namespace CxGrains.Persistence;

/// <summary>Registers the embedded SQLite grain store.</summary>
public static class SqliteGrainStorageExtensions
{
    /// <summary>
    /// Adds a named grain storage kept in one SQLite file (WAL mode, Orleans binary serializer).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="dataSource">Path of the database file; its folder is created on first use.</param>
    public static ISiloBuilder AddCxSqliteGrainStorage(this ISiloBuilder builder, string name, string dataSource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataSource);
        return builder.AddCxSqliteGrainStorage(name, options => options.DataSource = dataSource);
    }

    /// <summary>Adds a named grain storage kept in one SQLite file, with full control of its options.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configure">Sets <see cref="SqliteStorageOptions.DataSource"/> and the other options.</param>
    public static ISiloBuilder AddCxSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.AddOptions<SqliteStorageOptions>(name)
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataSource), $"SqliteStorageOptions.DataSource is required for grain storage '{name}'.")
            .ValidateOnStart();
        builder.Services.AddGrainStorage(name, static (services, providerName) => new SqliteGrainStorage(
            providerName,
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(providerName),
            StorageSerializer.Create(services),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<ILogger<SqliteGrainStorage>>()));
        return builder;
    }
}
