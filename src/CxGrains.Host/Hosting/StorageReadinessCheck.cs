using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CxGrains.Host.Hosting;

/// <summary>
/// Ready when grain storage is reachable: one <c>SELECT 1</c> against PostgreSQL, or opening the
/// SQLite file, at most once per <see cref="ReadinessOptions.CacheFor"/>. A process without a silo
/// (a front end) keeps no grain state and reports this check healthy.
/// </summary>
internal sealed class StorageReadinessCheck : IHealthCheck, IDisposable
{
    private readonly ReadinessProbe? _probe;

    public StorageReadinessCheck(
        IServiceProvider services,
        IConfiguration configuration,
        IHostEnvironment environment,
        IOptions<ReadinessOptions> options,
        TimeProvider time,
        ILogger<StorageReadinessCheck> logger)
    {
        if (services.GetService<ILocalSiloDetails>() is null)
        {
            return;
        }

        var storage = configuration.GetSection(CxStorageOptions.Section).Get<CxStorageOptions>() ?? new CxStorageOptions();
        _probe = storage.Provider == "Postgres"
            ? new ReadinessProbe("storage", ct => ProbePostgresAsync(storage.PostgresConnectionString ?? "", ct), options.Value, time, logger)
            : new ReadinessProbe("storage", ct => ProbeSqliteAsync(Path.GetFullPath(storage.SqlitePath, environment.ContentRootPath), ct), options.Value, time, logger);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _probe?.CheckAsync(cancellationToken) ?? Task.FromResult(HealthCheckResult.Healthy("no grain storage in a front end"));

    public void Dispose() => _probe?.Dispose();

    private static async Task<HealthCheckResult> ProbePostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy("PostgreSQL answers");
    }

    private static async Task<HealthCheckResult> ProbeSqliteAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            // The store creates its file on the first grain read; until then the folder must be usable.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return HealthCheckResult.Healthy("SQLite file not created yet; its folder exists");
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master";
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy("SQLite file opens");
    }
}
