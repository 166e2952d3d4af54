using System.Net;
using CxGrains.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace CxGrains.Persistence.Tests;

/// <summary>The membership queries, driven through the Orleans AdoNet clustering table itself.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusteringTests(PostgresFixture postgres)
{
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";

    [Fact]
    public async Task Membership_table_round_trip()
    {
        var table = await CreateTableAsync();

        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var silo = Entry(port: 11111, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(silo, empty.Version.Next()));
        // The same table version cannot be used twice.
        Assert.False(await table.InsertRowAsync(Entry(port: 11112, SiloStatus.Joining), empty.Version.Next()));
        // Nor can a silo be inserted twice.
        var afterInsert = await table.ReadAllAsync();
        Assert.False(await table.InsertRowAsync(silo, afterInsert.Version.Next()));

        var read = await table.ReadRowAsync(silo.SiloAddress);
        var (entry, etag) = Assert.Single(read.Members);
        Assert.Equal(silo.SiloAddress, entry.SiloAddress);
        Assert.Equal("silo-11111", entry.SiloName);
        Assert.Equal(silo.StartTime, entry.StartTime);
        Assert.Equal(1, read.Version.Version);

        entry.Status = SiloStatus.Active;
        entry.SuspectTimes = [Tuple.Create(Entry(port: 22222, SiloStatus.Active).SiloAddress, At(5))];
        Assert.True(await table.UpdateRowAsync(entry, etag, read.Version.Next()));
        Assert.False(await table.UpdateRowAsync(entry, etag, read.Version.Next()));

        var updated = Assert.Single((await table.ReadAllAsync()).Members).Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        Assert.Equal(At(5), Assert.Single(updated.SuspectTimes!).Item2);

        updated.IAmAliveTime = At(30);
        await table.UpdateIAmAliveAsync(updated);
        var alive = Assert.Single((await table.ReadRowAsync(silo.SiloAddress)).Members).Item1;
        Assert.Equal(At(30), alive.IAmAliveTime);
        Assert.Equal(2, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task Read_row_of_unknown_silo_returns_the_version_only()
    {
        var table = await CreateTableAsync();

        var read = await table.ReadRowAsync(Entry(port: 1, SiloStatus.Active).SiloAddress);

        Assert.Empty(read.Members);
        Assert.Equal(0, read.Version.Version);
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_proxy_port()
    {
        var table = await CreateTableAsync();
        await InsertAsync(table, Entry(port: 11111, SiloStatus.Active, proxyPort: 30000));
        await InsertAsync(table, Entry(port: 11112, SiloStatus.Joining, proxyPort: 30001));
        await InsertAsync(table, Entry(port: 11113, SiloStatus.Active, proxyPort: 0));

        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = postgres.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = _clusterId, ServiceId = "tests" }));
        await gateways.InitializeGatewayListProviderAsync();

        var uri = Assert.Single(await gateways.GetGatewaysAsync());
        Assert.Equal(30000, uri.Port);
    }

    [Fact]
    public async Task Cleanup_removes_old_inactive_silos_and_delete_removes_the_cluster()
    {
        var table = await CreateTableAsync();
        var dead = Entry(port: 11111, SiloStatus.Dead);
        var active = Entry(port: 11112, SiloStatus.Active);
        await InsertAsync(table, dead);
        await InsertAsync(table, active);

        await table.CleanupDefunctSiloEntriesAsync(At(60));

        var remaining = Assert.Single((await table.ReadAllAsync()).Members).Item1;
        Assert.Equal(active.SiloAddress, remaining.SiloAddress);

        await table.DeleteMembershipTableEntriesAsync(_clusterId);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        var fresh = await table.ReadAllAsync();
        Assert.Empty(fresh.Members);
        Assert.Equal(0, fresh.Version.Version);
    }

    private async Task<AdoNetClusteringTable> CreateTableAsync()
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = _clusterId, ServiceId = "tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = postgres.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    private static async Task InsertAsync(AdoNetClusteringTable table, MembershipEntry entry)
    {
        var current = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(entry, current.Version.Next()));
    }

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = 30000) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 42),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Status = status,
        ProxyPort = proxyPort,
        StartTime = At(0),
        IAmAliveTime = At(10),
    };

    // Whole seconds, so values compare exactly after a round trip through timestamptz.
    private static DateTime At(int seconds) => new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(seconds);
}
