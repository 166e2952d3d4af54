using System.Diagnostics;
using CxGrains.TestSupport;
using Npgsql;

namespace CxGrains.Persistence.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresFixture postgres)
{
    private static readonly string[] StorageQueryKeys = ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    private static readonly string[] ClusteringQueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    [Fact]
    public void Scripts_are_embedded_in_order() =>
        Assert.Equal(["001-main.sql", "002-persistence.sql", "003-clustering.sql", "004-journal.sql", "005-journal-origins.sql"], PostgresSchema.ScriptNames);

    [Fact]
    public async Task EnsureAsync_creates_every_query_the_providers_load()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();

        await PostgresSchema.EnsureAsync(database);

        var keys = await QueryKeysAsync(database);
        Assert.Equal(StorageQueryKeys.Concat(ClusteringQueryKeys).Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task EnsureAsync_is_idempotent_and_keeps_data()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();
        await PostgresSchema.EnsureAsync(database);
        await ExecuteAsync(database, "INSERT INTO orleans_membership_version (deployment_id) VALUES ('kept')");

        await PostgresSchema.EnsureAsync(database);
        await PostgresSchema.EnsureAsync(database);

        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM orleans_membership_version WHERE deployment_id = 'kept'"));
        Assert.Equal(13L, await ScalarAsync(database, "SELECT count(*) FROM OrleansQuery"));
    }

    [Fact]
    public async Task EnsureAsync_from_three_silos_at_once_does_not_race()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresSchema.EnsureAsync(database))));

        Assert.Equal(13, (await QueryKeysAsync(database)).Count);
    }

    [Fact]
    public async Task Schema_on_startup_runs_before_storage_loads_its_queries()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();

        await using var host = await StorageHost.StartAsync($"svc-{Guid.NewGuid():N}", silo => silo
            .AddCxPostgresSchemaOnStartup(database)
            .AddCxPostgresGrainStorage(StorageHost.ProviderName, database));
        var state = new GrainState<TestState>(new TestState { Value = 1 });
        await host.Storage.WriteStateAsync("state", GrainId.Create("customer", "startup"), state);

        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Apply_script_creates_the_same_schema_and_can_run_twice()
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "sql", "apply.sh");
        if (!File.Exists("/usr/bin/psql") && !File.Exists("/usr/local/bin/psql"))
        {
            Assert.Fail("psql is required for this test (Debian: apt-get install postgresql-client).");
        }

        var database = await postgres.CreateEmptyDatabaseAsync();
        var uri = ToUri(database);

        await RunAsync("bash", script, uri);
        await RunAsync("bash", script, uri);
        // The embedded copy and the deploy scripts agree: applying both is a no-op.
        await PostgresSchema.EnsureAsync(database);

        Assert.Equal(13, (await QueryKeysAsync(database)).Count);
    }

    private static async Task<List<string>> QueryKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static string ToUri(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var password = string.IsNullOrEmpty(builder.Password) ? string.Empty : ":" + Uri.EscapeDataString(builder.Password);
        return $"postgresql://{Uri.EscapeDataString(builder.Username!)}{password}@{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database!)}";
    }

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "sql", "apply.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find deploy/sql/apply.sh above " + AppContext.BaseDirectory);
    }
}
