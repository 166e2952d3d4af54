using CxGrains.TestingHost;
using Microsoft.Data.Sqlite;
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

    [Fact]
    public async Task A_file_from_before_row_ids_is_upgraded_at_start_and_keeps_every_state_and_version()
    {
        // States written by the store as it is, then copied into a second file in the layout stores wrote before.
        var current = await OpenStorageAsync();
        var updated = await WriteNewAsync(current, Customer("old-1"), 1);
        updated.State = new TestState { Value = 11 };
        await current.WriteStateAsync(StateName, Customer("old-1"), updated);
        await WriteNewAsync(current, Customer("old-2"), 2, "two");

        var oldFile = _directory.Combine("before-rowid.db");
        string serviceId;
        await using (var connection = await OpenFileAsync(oldFile))
        {
            serviceId = (string)(await ExecuteScalarAsync(connection, $"""
                CREATE TABLE grain_state (service_id TEXT NOT NULL, grain_type TEXT NOT NULL, grain_key TEXT NOT NULL,
                    state_name TEXT NOT NULL, version INTEGER NOT NULL, payload BLOB NOT NULL, modified_at INTEGER NOT NULL,
                    PRIMARY KEY (service_id, grain_type, grain_key, state_name)) WITHOUT ROWID;
                ATTACH DATABASE '{CurrentFile}' AS current;
                INSERT INTO grain_state SELECT service_id, grain_type, grain_key, state_name, version, payload, modified_at FROM current.grain_state;
                DETACH DATABASE current;
                SELECT min(service_id) FROM grain_state;
                """))!;
        }

        await using (var host = await StorageHost.StartAsync(serviceId, silo => silo.AddCxSqliteGrainStorage(StorageHost.ProviderName, oldFile)))
        {
            // Upgraded as the silo started, before the first request.
            await using (var connection = await OpenFileAsync(oldFile))
            {
                var table = (string)(await ExecuteScalarAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'grain_state';"))!;
                Assert.DoesNotContain("WITHOUT ROWID", table, StringComparison.OrdinalIgnoreCase);
                Assert.Equal("grain_state_key", await ExecuteScalarAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'grain_state' AND sql IS NOT NULL;"));
            }

            var first = await ReadAsync(host.Storage, Customer("old-1"));
            Assert.Equal((11, "2"), (first.State!.Value, first.ETag));
            var second = await ReadAsync(host.Storage, Customer("old-2"));
            Assert.Equal((2, "two", "1"), (second.State!.Value, second.State.Text, second.ETag));

            // Versions go on from the moved rows, and the key stays unique.
            first.State = new TestState { Value = 12 };
            await host.Storage.WriteStateAsync(StateName, Customer("old-1"), first);
            Assert.Equal("3", first.ETag);
            await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(host.Storage, Customer("old-2"), 99));
        }

        await using (var connection = await OpenFileAsync(oldFile))
        {
            Assert.Equal(2L, await ExecuteScalarAsync(connection, "SELECT count(*) FROM grain_state;"));
        }

        // Opened again, the upgraded file is used as it is.
        await using (var host = await StorageHost.StartAsync(serviceId, silo => silo.AddCxSqliteGrainStorage(StorageHost.ProviderName, oldFile)))
        {
            var reread = await ReadAsync(host.Storage, Customer("old-1"));
            Assert.Equal((12, "3"), (reread.State!.Value, reread.ETag));
        }
    }

    private string CurrentFile => _directory.Combine(Path.Combine("data", "grains.db"));

    private static async Task<SqliteConnection> OpenFileAsync(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ExecuteScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    protected override async Task<(IGrainStorage Storage, IAsyncDisposable Lifetime)> OpenAsync(string serviceId)
    {
        // A folder that does not exist yet: the store creates it.
        var host = await StorageHost.StartAsync(serviceId, silo => silo.AddCxSqliteGrainStorage(StorageHost.ProviderName, CurrentFile));
        return (host.Storage, host);
    }
}
