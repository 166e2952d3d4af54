using CxGrains.TestSupport;

namespace CxGrains.Live.Tests;

/// <summary>
/// A two-silo cluster: two real hosts (silo plus Kestrel each) sharing a throwaway PostgreSQL for
/// membership and grain storage. Tests connect hub clients to <see cref="A"/> and make grains live
/// on <see cref="B"/>.
/// </summary>
public sealed class TwoSiloFixture : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();

    public TestKeys Keys { get; } = new();

    public LiveHost A { get; private set; } = null!;

    public LiveHost B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string?>
        {
            ["Cx:Cluster:Clustering"] = "Postgres",
            ["Cx:Cluster:ClusterId"] = $"live-{Guid.NewGuid():N}",
            ["Cx:Storage:Provider"] = "Postgres",
            ["Cx:Storage:PostgresConnectionString"] = database,
        };
        A = await LiveHost.StartOnFreePortsAsync(Keys, cluster);
        B = await LiveHost.StartOnFreePortsAsync(Keys, cluster);
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSiloCollection : ICollectionFixture<TwoSiloFixture>
{
    public const string Name = "two-silo";
}
