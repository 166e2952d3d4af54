using Orleans.Storage;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// One behaviour contract for every CxGrains grain store. Each store runs these tests through a
/// subclass that says how to open it; every test uses its own service id, so tests never see each
/// other's rows even when they use the same literal keys.
/// </summary>
public abstract class GrainStorageConformanceTests : IAsyncLifetime
{
    protected const string StateName = "state";

    private readonly List<IAsyncDisposable> _opened = [];
    private readonly string _serviceId = $"svc-{Guid.NewGuid():N}";

    /// <summary>Opens the store under test; a second call must see the first one's data (a restart).</summary>
    protected abstract Task<(IGrainStorage Storage, IAsyncDisposable Lifetime)> OpenAsync(string serviceId);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lifetime in _opened)
        {
            await lifetime.DisposeAsync();
        }
    }

    [Fact]
    public async Task Read_of_missing_state_returns_empty_state_without_etag()
    {
        var storage = await OpenStorageAsync();

        var state = await ReadAsync(storage, Customer("never-written"));

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Value);
    }

    [Fact]
    public async Task Write_then_read_round_trips_state_and_etag()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("c-1");

        var written = await WriteNewAsync(storage, id, 42, "hello");
        var read = await ReadAsync(storage, id);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(42, read.State!.Value);
        Assert.Equal("hello", read.State!.Text);
    }

    [Fact]
    public async Task Successive_writes_change_the_etag()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("c-2");

        var state = await WriteNewAsync(storage, id, 1);
        var first = state.ETag;
        state.State!.Value = 2;
        await storage.WriteStateAsync(StateName, id, state);

        Assert.NotEqual(first, state.ETag);
        Assert.Equal(2, (await ReadAsync(storage, id)).State!.Value);
    }

    [Fact]
    public async Task Write_with_stale_etag_raises_InconsistentStateException()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("c-3");
        await WriteNewAsync(storage, id, 1);

        var first = await ReadAsync(storage, id);
        var second = await ReadAsync(storage, id);
        second.State!.Value = 2;
        await storage.WriteStateAsync(StateName, id, second);

        first.State!.Value = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, first));
        Assert.Equal(2, (await ReadAsync(storage, id)).State!.Value);
    }

    [Fact]
    public async Task First_write_over_an_existing_row_raises_InconsistentStateException()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("c-4");
        await WriteNewAsync(storage, id, 1);

        // A second activation that never read the row must not overwrite it.
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(storage, id, 2));
        Assert.Equal(1, (await ReadAsync(storage, id)).State!.Value);
    }

    [Fact]
    public async Task Clear_then_read_returns_empty_state()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("c-5");
        var state = await WriteNewAsync(storage, id, 7);

        await storage.ClearStateAsync(StateName, id, state);
        var read = await ReadAsync(storage, id);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Value);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Value);
    }

    [Fact]
    public async Task Write_after_clear_succeeds_with_the_etag_clear_returned()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("c-6");
        var state = await WriteNewAsync(storage, id, 7);
        await storage.ClearStateAsync(StateName, id, state);

        state.State!.Value = 8;
        await storage.WriteStateAsync(StateName, id, state);

        Assert.True(state.RecordExists);
        Assert.Equal(8, (await ReadAsync(storage, id)).State!.Value);
    }

    [Fact]
    public async Task Clear_with_stale_etag_raises_InconsistentStateException()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("c-7");
        var stale = await WriteNewAsync(storage, id, 1);
        var fresh = await ReadAsync(storage, id);
        fresh.State!.Value = 2;
        await storage.WriteStateAsync(StateName, id, fresh);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, id, stale));
        Assert.Equal(2, (await ReadAsync(storage, id)).State!.Value);
    }

    [Theory]
    // Hex-looking keys: the AdoNet provider parses these as one integer (0xABC890).
    [InlineData("00abc890", "abc890", "ABC890")]
    // '+' is the key-extension separator for integer and GUID keys.
    [InlineData("a+b", "a", "b")]
    [InlineData("1+x", "01+x", "1+X")]
    // 32 hex digits parse as a GUID, case-insensitively.
    [InlineData("0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef+e")]
    // Escape characters of our own key scheme.
    [InlineData("k:a/b", "k%3Aa%2Fb", "a%2Fb")]
    public async Task Keys_that_look_alike_are_stored_separately(string first, string second, string third)
    {
        var storage = await OpenStorageAsync();
        string[] keys = [first, second, third];

        for (var i = 0; i < keys.Length; i++)
        {
            await WriteNewAsync(storage, Customer(keys[i]), i + 1, keys[i]);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var read = await ReadAsync(storage, Customer(keys[i]));
            Assert.True(read.RecordExists, keys[i]);
            Assert.Equal(i + 1, read.State!.Value);
            Assert.Equal(keys[i], read.State!.Text);
        }
    }

    [Fact]
    public async Task Same_key_and_state_name_on_two_grain_types_are_stored_separately()
    {
        var storage = await OpenStorageAsync();

        await WriteNewAsync(storage, GrainId.Create("customer", "shared-1"), 1, "customer");
        await WriteNewAsync(storage, GrainId.Create("touchpoint", "shared-1"), 2, "touchpoint");

        Assert.Equal("customer", (await ReadAsync(storage, GrainId.Create("customer", "shared-1"))).State!.Text);
        Assert.Equal("touchpoint", (await ReadAsync(storage, GrainId.Create("touchpoint", "shared-1"))).State!.Text);
    }

    [Fact]
    public async Task Same_grain_with_two_state_names_is_stored_separately()
    {
        var storage = await OpenStorageAsync();
        var id = Customer("two-states");

        var a = new GrainState<TestState>(new TestState { Value = 1 });
        var b = new GrainState<TestState>(new TestState { Value = 2 });
        await storage.WriteStateAsync("profile", id, a);
        await storage.WriteStateAsync("scores", id, b);

        var readA = new GrainState<TestState>();
        var readB = new GrainState<TestState>();
        await storage.ReadStateAsync("profile", id, readA);
        await storage.ReadStateAsync("scores", id, readB);
        Assert.Equal(1, readA.State!.Value);
        Assert.Equal(2, readB.State!.Value);
    }

    [Theory]
    [InlineData("клиент-42")]
    [InlineData("顧客-番号-7")]
    [InlineData("emoji-\U0001F600-\U0001F4A9")]
    [InlineData("spaces, quotes ' \" and ; semicolons")]
    public async Task Unicode_and_punctuation_keys_round_trip(string key)
    {
        var storage = await OpenStorageAsync();

        await WriteNewAsync(storage, Customer(key), 5, key);
        var read = await ReadAsync(storage, Customer(key));

        Assert.True(read.RecordExists);
        Assert.Equal(key, read.State!.Text);
    }

    [Fact]
    public async Task Keys_of_128_characters_round_trip_and_stay_distinct()
    {
        var storage = await OpenStorageAsync();
        var ascii = new string('a', 128);
        var asciiSibling = new string('a', 127) + "b";
        var unicode = string.Concat(Enumerable.Repeat("é", 128));
        var astral = string.Concat(Enumerable.Repeat("\U0001F600", 64)); // 128 UTF-16 chars

        string[] keys = [ascii, asciiSibling, unicode, astral];
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(128, keys[i].Length);
            await WriteNewAsync(storage, Customer(keys[i]), i + 1, keys[i]);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var read = await ReadAsync(storage, Customer(keys[i]));
            Assert.Equal(i + 1, read.State!.Value);
            Assert.Equal(keys[i], read.State!.Text);
        }
    }

    [Fact]
    public async Task State_survives_a_new_storage_instance()
    {
        var (first, firstLifetime) = await OpenAsync(_serviceId);
        var written = await WriteNewAsync(first, Customer("restart"), 99, "persisted");
        await firstLifetime.DisposeAsync();

        var second = await OpenStorageAsync();
        var read = await ReadAsync(second, Customer("restart"));

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(99, read.State!.Value);
        Assert.Equal("persisted", read.State!.Text);

        // The new instance continues the version sequence.
        read.State!.Value = 100;
        await second.WriteStateAsync(StateName, Customer("restart"), read);
        Assert.Equal(100, (await ReadAsync(second, Customer("restart"))).State!.Value);
    }

    protected static GrainId Customer(string key) => GrainId.Create("customer", key);

    protected async Task<IGrainStorage> OpenStorageAsync()
    {
        var (storage, lifetime) = await OpenAsync(_serviceId);
        _opened.Add(lifetime);
        return storage;
    }

    protected static async Task<GrainState<TestState>> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, id, state);
        return state;
    }

    protected static async Task<GrainState<TestState>> WriteNewAsync(IGrainStorage storage, GrainId id, int value, string text = "")
    {
        var state = new GrainState<TestState>(new TestState { Value = value, Text = text });
        await storage.WriteStateAsync(StateName, id, state);
        return state;
    }
}
