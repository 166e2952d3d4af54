using CxGrains.TestingHost;
using Npgsql;
using Xunit;

namespace CxGrains.TestSupport;

/// <summary>
/// xunit fixture owning one <see cref="PostgresServer"/> and one database with the CxGrains
/// schema. Use it as a collection fixture: declare
/// <c>[CollectionDefinition("postgres")] public sealed class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;</c>
/// in the test assembly (xunit only finds collection definitions there).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private string? _connectionString;

    /// <summary>The server (throwaway or external).</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Connection string of a shared database that has the CxGrains schema.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Creates another database with the schema, for tests that need one to themselves.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        ShortIdlePools(await Server.CreateDatabaseAsync(applySchema: true, cancellationToken));

    /// <summary>Creates another database without the schema, e.g. to test applying it.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken = default) =>
        ShortIdlePools(await Server.CreateDatabaseAsync(applySchema: false, cancellationToken));

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _connectionString = ShortIdlePools(await _server.CreateDatabaseAsync());
    }

    // Every database has pools of its own (the journal's, grain storage's), and Npgsql keeps their idle
    // connections for five minutes. A test run makes dozens of databases on one server: their clusters'
    // idle connections once used up its connection slots ("53300: sorry, too many clients already").
    private static string ShortIdlePools(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1 }.ConnectionString;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
