using CxGrains.TestSupport;
using Orleans.TestingHost;

namespace CxGrains.Grains.Tests;

/// <summary>One single-silo cluster on a temporary SQLite file, ack mode applied.</summary>
public sealed class SqliteClusterFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cx-grains-").FullName;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.StartAsync(StoreKind.Sqlite, Path.Combine(_directory, "grains.db"), 1, "Applied");
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>One single-silo cluster on a throwaway PostgreSQL, ack mode durable.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public PostgresFixture Postgres => _postgres;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        Cluster = await TestClusters.StartAsync(StoreKind.Postgres, _postgres.ConnectionString, 1, "Durable");
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCluster : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "sqlite cluster";
}

[CollectionDefinition(Name)]
public sealed class PostgresCluster : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres cluster";
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteCustomerPersistenceTests(SqliteClusterFixture fixture) : CustomerPersistenceTests(fixture.Cluster);

[Collection(PostgresCluster.Name)]
public sealed class PostgresCustomerPersistenceTests(PostgresClusterFixture fixture) : CustomerPersistenceTests(fixture.Cluster);
