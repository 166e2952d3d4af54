using System.Net;
using CxGrains.Grains;
using CxGrains.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace CxGrains.Host.Hosting;

/// <summary>Wires the Orleans silo into the web host: clustering, storage, grains.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Runs an Orleans silo in this process, configured from <c>Cx:Cluster</c> and <c>Cx:Storage</c>.</summary>
    public static WebApplicationBuilder AddCxSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var cluster = ConfiguredOptions.Bind<CxClusterOptions>(configuration, CxClusterOptions.Section);
        var storage = ConfiguredOptions.Bind<CxStorageOptions>(configuration, CxStorageOptions.Section);
        var postgres = storage.PostgresConnectionString;
        if ((storage.Provider == "Postgres" || cluster.Clustering == "Postgres") && string.IsNullOrWhiteSpace(postgres))
        {
            throw MissingConnectionString("Cx:Storage:Provider or Cx:Cluster:Clustering is Postgres");
        }

        var sqlitePath = storage.Provider == "Sqlite" ? OpenSqliteFile(storage.SqlitePath, builder.Environment.ContentRootPath) : null;
        if (!string.IsNullOrWhiteSpace(postgres) && storage.ApplySchemaAtStartup)
        {
            // Before the silo starts: clustering and storage read their queries from the schema.
            PostgresSchema.EnsureAsync(postgres).GetAwaiter().GetResult();
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = cluster.IdleGrainAge);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);

            if (cluster.Clustering == "Postgres")
            {
                silo.AddCxPostgresClustering(postgres!);
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            }

            if (storage.Provider == "Postgres")
            {
                silo.AddCxPostgresGrainStorage(StorageNames.Provider, postgres!);
                silo.Services.AddCxPostgresEventJournal(postgres!);
            }
            else
            {
                silo.AddCxSqliteGrainStorage(StorageNames.Provider, sqlitePath!);
                silo.Services.AddCxSqliteEventJournal(StorageNames.Provider);
            }

            silo.AddCxGrains(configuration);
            silo.Services.AddSingleton<JournalUpkeep>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<JournalUpkeep>());
        });
        return builder;
    }

    /// <summary>
    /// Creates the SQLite file's directory and opens the file once, so that a path the process
    /// cannot write stops it at start-up naming the setting (the store itself opens lazily, on the
    /// first grain read, where the failure would only show as failing grains).
    /// </summary>
    private static string OpenSqliteFile(string configuredPath, string contentRoot)
    {
        var path = Path.GetFullPath(configuredPath, contentRoot);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ConnectionString;
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new OptionsValidationException(CxStorageOptions.Section, typeof(CxStorageOptions), [$"Cx:Storage:SqlitePath '{path}' cannot be opened for writing: {e.Message}"]);
        }
    }

    /// <summary>The error for a Postgres setting without a connection string.</summary>
    internal static OptionsValidationException MissingConnectionString(string when) =>
        new(CxStorageOptions.Section, typeof(CxStorageOptions), [$"Cx:Storage:PostgresConnectionString is required when {when}."]);
}
