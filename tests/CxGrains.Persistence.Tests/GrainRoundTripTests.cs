using CxGrains.TestingHost;
using CxGrains.TestSupport;
using Orleans.TestingHost;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// Real grains with <c>[PersistentState]</c> in an in-process cluster, on each store: state is
/// written, re-read after deactivation and after a whole-cluster restart, and look-alike keys and
/// same-named states of two grain classes stay apart. In the PostgreSQL collection so that the
/// clusters never run in parallel with each other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GrainRoundTripTests(PostgresFixture postgres) : IDisposable
{
    private static readonly string[] LookAlikeKeys = ["00abc890", "abc890", "a+b", "a"];

    private readonly TempDirectory _directory = new("cx-sqlite-cluster");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public Task Sqlite_grain_state_round_trips_through_a_cluster() =>
        RoundTripAsync(silo => silo.AddCxSqliteGrainStorage(StorageHost.ProviderName, _directory.Combine("grains.db")));

    [Fact]
    public Task Postgres_grain_state_round_trips_through_a_cluster() =>
        RoundTripAsync(silo => silo.AddCxPostgresGrainStorage(StorageHost.ProviderName, postgres.ConnectionString));

    private static async Task RoundTripAsync(Action<ISiloBuilder> addStorage)
    {
        var serviceId = $"svc-{Guid.NewGuid():N}";

        await using (var cluster = await StartClusterAsync(serviceId, addStorage))
        {
            var client = cluster.Client;
            for (var i = 0; i < LookAlikeKeys.Length; i++)
            {
                Assert.Equal(i + 1, await client.GetGrain<ICustomerCounterGrain>(LookAlikeKeys[i]).Add(i + 1));
            }

            Assert.Equal(100, await client.GetGrain<ITouchpointCounterGrain>("abc890").Add(100));

            // Reactivation reads each grain's own row back.
            foreach (var key in LookAlikeKeys)
            {
                await cluster.DeactivateAsync(client.GetGrain<ICustomerCounterGrain>(key));
            }

            await cluster.DeactivateAsync(client.GetGrain<ITouchpointCounterGrain>("abc890"));
            for (var i = 0; i < LookAlikeKeys.Length; i++)
            {
                Assert.Equal(i + 1, await client.GetGrain<ICustomerCounterGrain>(LookAlikeKeys[i]).Get());
            }

            Assert.Equal(100, await client.GetGrain<ITouchpointCounterGrain>("abc890").Get());

            await client.GetGrain<ICustomerCounterGrain>("a").Clear();
            await cluster.DeactivateAsync(client.GetGrain<ICustomerCounterGrain>("a"));
            Assert.Equal(0, await client.GetGrain<ICustomerCounterGrain>("a").Get());
        }

        // A new cluster with the same service id sees the same state.
        await using (var restarted = await StartClusterAsync(serviceId, addStorage))
        {
            var client = restarted.Client;
            Assert.Equal(1, await client.GetGrain<ICustomerCounterGrain>("00abc890").Get());
            Assert.Equal(2, await client.GetGrain<ICustomerCounterGrain>("abc890").Get());
            Assert.Equal(3, await client.GetGrain<ICustomerCounterGrain>("a+b").Get());
            Assert.Equal(0, await client.GetGrain<ICustomerCounterGrain>("a").Get());
            Assert.Equal(100, await client.GetGrain<ITouchpointCounterGrain>("abc890").Get());
            Assert.Equal(5, await client.GetGrain<ICustomerCounterGrain>("a").Add(5));
        }
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(string serviceId, Action<ISiloBuilder> addStorage)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => addStorage(silo));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
