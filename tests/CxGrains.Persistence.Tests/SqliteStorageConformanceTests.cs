using CxGrains.TestingHost;
using Orleans.Storage;

namespace CxGrains.Persistence.Tests;

/// <summary>The storage contract against the embedded SQLite store, in a temp file.</summary>
public sealed class SqliteStorageConformanceTests : GrainStorageConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cx-sqlite");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Concurrent_writes_are_committed_in_groups_and_each_is_checked_on_its_own()
    {
        var storage = await OpenStorageAsync();
        var states = new List<(GrainId Id, GrainState<TestState> State)>();
        for (var i = 0; i < 300; i++)
        {
            states.Add((Customer($"group-{i}"), await WriteNewAsync(storage, Customer($"group-{i}"), i)));
        }

        // Many writes at once, so they queue behind each other's transactions; every tenth names a
        // stale version and must fail alone, without taking the rest of its group with it.
        var writes = states.Select((entry, i) =>
        {
            var stale = i % 10 == 0;
            var state = new GrainState<TestState>(new TestState { Value = 1000 + i }) { ETag = stale ? "99" : entry.State.ETag };
            return (entry.Id, State: state, Stale: stale, Write: Task.Run(() => storage.WriteStateAsync(StateName, entry.Id, state)));
        }).ToList();

        foreach (var (id, state, stale, write) in writes)
        {
            if (stale)
            {
                await Assert.ThrowsAsync<InconsistentStateException>(() => write);
            }
            else
            {
                await write;
                Assert.Equal("2", state.ETag);
            }
        }

        // What a reader sees, also after the store is opened again from the file.
        var reopened = await OpenStorageAsync();
        for (var i = 0; i < writes.Count; i++)
        {
            var read = await ReadAsync(reopened, writes[i].Id);
            Assert.Equal(writes[i].Stale ? i : 1000 + i, read.State!.Value);
            Assert.Equal(writes[i].Stale ? "1" : "2", read.ETag);
        }
    }

    protected override async Task<(IGrainStorage Storage, IAsyncDisposable Lifetime)> OpenAsync(string serviceId)
    {
        // A folder that does not exist yet: the store creates it.
        var file = _directory.Combine(Path.Combine("data", "grains.db"));
        var host = await StorageHost.StartAsync(serviceId, silo => silo.AddCxSqliteGrainStorage(StorageHost.ProviderName, file));
        return (host.Storage, host);
    }
}
