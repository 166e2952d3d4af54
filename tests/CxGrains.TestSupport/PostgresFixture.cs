using CxGrains.TestingHost;
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
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        Server.CreateDatabaseAsync(applySchema: true, cancellationToken);

    /// <summary>Creates another database without the schema, e.g. to test applying it.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken = default) =>
        Server.CreateDatabaseAsync(applySchema: false, cancellationToken);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _connectionString = await _server.CreateDatabaseAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
