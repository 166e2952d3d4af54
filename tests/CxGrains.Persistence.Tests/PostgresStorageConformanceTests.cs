using CxGrains.TestSupport;
using Orleans.Storage;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// The storage contract against PostgreSQL through the registration the silos use
/// (AdoNet provider + our scripts + <see cref="CollisionSafeGrainStorage"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageConformanceTests(PostgresFixture postgres) : GrainStorageConformanceTests
{
    [Fact]
    public async Task Registration_wraps_the_AdoNet_provider()
    {
        var storage = await OpenStorageAsync();

        var wrapper = Assert.IsType<CollisionSafeGrainStorage>(storage);
        Assert.IsType<AdoNetGrainStorage>(wrapper.Inner);
    }

    [Fact]
    public async Task Without_the_wrapper_the_AdoNet_provider_mixes_up_hex_looking_keys()
    {
        // Documents why the wrapper exists: if this starts failing, Orleans changed its key parsing.
        var raw = ((CollisionSafeGrainStorage)await OpenStorageAsync()).Inner;

        await WriteNewAsync(raw, Customer("abc890"), 1, "abc890");
        var other = await ReadAsync(raw, Customer("00abc890"));

        Assert.True(other.RecordExists);
        Assert.Equal("abc890", other.State!.Text);
    }

    [Fact]
    public async Task Without_the_wrapper_the_AdoNet_provider_mixes_up_grain_types()
    {
        var raw = ((CollisionSafeGrainStorage)await OpenStorageAsync()).Inner;

        await WriteNewAsync(raw, GrainId.Create("customer", "shared"), 1, "customer");
        var other = await ReadAsync(raw, GrainId.Create("touchpoint", "shared"));

        Assert.True(other.RecordExists);
        Assert.Equal("customer", other.State!.Text);
    }

    [Fact]
    public async Task Rows_are_stored_under_the_readable_storage_key()
    {
        var storage = await OpenStorageAsync();
        await WriteNewAsync(storage, Customer("C-10023"), 1);

        await using var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM orleans_storage WHERE grain_id_extension = 'k:customer/C-10023' AND grain_id_n0 = 0 AND grain_id_n1 = 0",
            connection);
        Assert.True((long)(await query.ExecuteScalarAsync())! >= 1);
    }

    [Fact]
    public async Task A_write_stores_the_state_as_it_was_when_the_write_was_called()
    {
        // A reentrant grain keeps changing its state while its write is in flight.
        await using var host = await StartUnpooledAsync();
        var state = new GrainState<TestState>(new TestState { Value = 1, Text = "at the call" });

        var write = host.Storage.WriteStateAsync(StateName, Customer("in-flight"), state);
        state.State!.Value = 2;
        state.State.Text = "changed while in flight";
        await write;

        var stored = await ReadAsync(host.Storage, Customer("in-flight"));
        Assert.Equal(1, stored.State!.Value);
        Assert.Equal("at the call", stored.State.Text);
        Assert.Equal(stored.ETag, state.ETag);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task Without_the_wrapper_the_AdoNet_provider_serializes_after_the_call_returned()
    {
        // Documents why writes copy the state: the provider serializes once its connection is open,
        // off the caller's turn. If this starts failing, the provider now serializes at the call.
        await using var host = await StartUnpooledAsync();
        var raw = ((CollisionSafeGrainStorage)host.Storage).Inner;
        var state = new GrainState<TestState>(new TestState { Value = 1, Text = "at the call" });

        var write = raw.WriteStateAsync(StateName, Customer("raw-in-flight"), state);
        state.State!.Text = "changed while in flight";
        await write;

        Assert.Equal("changed while in flight", (await ReadAsync(raw, Customer("raw-in-flight"))).State!.Text);
    }

    // Without pooling every open is a new connection, so it completes asynchronously.
    private Task<StorageHost> StartUnpooledAsync() =>
        StorageHost.StartAsync(
            $"unpooled-{Guid.NewGuid():N}",
            silo => silo.AddCxPostgresGrainStorage(StorageHost.ProviderName, postgres.ConnectionString + ";Pooling=false"));

    protected override async Task<(IGrainStorage Storage, IAsyncDisposable Lifetime)> OpenAsync(string serviceId)
    {
        var host = await StorageHost.StartAsync(
            serviceId,
            silo => silo.AddCxPostgresGrainStorage(StorageHost.ProviderName, postgres.ConnectionString));
        return (host.Storage, host);
    }
}
