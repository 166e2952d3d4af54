using CxGrains.Abstractions.Journal;
using CxGrains.TestingHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static CxGrains.Persistence.Tests.JournalEntries;

namespace CxGrains.Persistence.Tests;

/// <summary>The journal contract against the embedded SQLite store, in a temp file shared with grain state.</summary>
public sealed class SqliteEventJournalTests : EventJournalConformanceTests, IDisposable
{
    private readonly TempDirectory _directory = new("cx-journal");

    private string File => _directory.Combine(Path.Combine("data", "grains.db"));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Journal_rows_and_grain_state_share_one_file_and_one_writer()
    {
        var host = await JournalHost.StartSqliteAsync(ServiceId, File);
        await using (host)
        {
            var storage = host.Services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(StorageHost.ProviderName);
            var state = new GrainState<TestState>(new TestState { Value = 7 });

            // Both kinds of write at once: they queue on the one writer and commit in its transactions.
            await Task.WhenAll(
                storage.WriteStateAsync("state", GrainId.Create("customer", "c-1"), state),
                host.Store.AppendAsync([Entry("c-1", 1)]));
        }

        await using var connection = new SqliteConnection($"Data Source={File};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM grain_state WHERE service_id = $s) || '/' || (SELECT count(*) FROM cx_event_journal WHERE service_id = $s)";
        count.Parameters.AddWithValue("$s", ServiceId);
        Assert.Equal("1/1", await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Pruning_deletes_in_bounded_chunks()
    {
        var store = await OpenAsync();
        var old = new DateTimeOffset(2001, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = (SqliteEventJournalStore.PruneChunkRows * 2) + 17;
        await store.AppendAsync(Enumerable.Range(1, rows).Select(s => Entry("c-many", s, old)).ToArray());

        var result = await store.PruneAsync(old.AddDays(1));

        Assert.Equal(new JournalPruneResult(0, rows), result);
        Assert.Empty(await store.ReadCustomerAsync("c-many", 0));
    }

    private protected override Task<JournalHost> StartAsync(string serviceId) => JournalHost.StartSqliteAsync(serviceId, File);

    protected override Task AssertPrunedAsync(JournalPruneResult result, IReadOnlyList<DateOnly> droppedDays)
    {
        Assert.Equal(0, result.PartitionsDropped);
        return Task.CompletedTask;
    }
}
