using CxGrains.Abstractions.Journal;
using CxGrains.TestingHost;
using Microsoft.Extensions.Options;
using static CxGrains.Persistence.Tests.JournalEntries;

namespace CxGrains.Persistence.Tests;

/// <summary>The silo's grouped journal reads over a real SQLite journal, its store calls counted and held by <see cref="GatedJournalStore"/>.</summary>
public sealed class GroupedJournalReaderTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("cx-reader");
    private JournalHost? _host;

    private IEventJournalStore Store => _host!.Store;

    public async Task InitializeAsync()
    {
        _host = await JournalHost.StartSqliteAsync($"svc-{Guid.NewGuid():N}", _directory.Combine("grains.db"));
        Assert.Empty(await Store.AppendAsync([.. Enumerable.Range(0, 300).SelectMany(c => Enumerable.Range(1, 1 + (c % 4)).Select(s => Entry($"c-{c}", s)))]));
    }

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reads_asked_for_during_a_read_go_to_the_store_together_and_each_gets_its_own_entries()
    {
        var gated = new GatedJournalStore(Store);
        var reader = new GroupedJournalReader(gated, Options.Create(new JournalOptions { MaxCustomersPerRead = 120 }));
        gated.Close();
        var first = reader.ReadCustomerAsync("c-0", 0);
        await gated.WaitForCallAsync();

        // 299 customers activate while the first read is in flight: they go in reads of at most 120.
        var rest = Enumerable.Range(1, 299).Select(c => (Customer: c, Read: reader.ReadCustomerAsync($"c-{c}", c % 2))).ToArray();
        gated.Open();

        Assert.Equal([1L], (await first).Select(entry => entry.Sequence));
        foreach (var (customer, read) in rest)
        {
            var expected = Enumerable.Range(1, 1 + (customer % 4)).Where(s => s > customer % 2).Select(s => (long)s);
            var entries = await read;
            Assert.Equal(expected, entries.Select(entry => entry.Sequence));
            Assert.All(entries, entry => Assert.Equal($"c-{customer}", entry.CustomerId));
        }

        Assert.Equal([1, 120, 120, 59], gated.Reads.Select(cursors => cursors.Count));
    }

    [Fact]
    public async Task A_failed_read_fails_its_own_callers_only()
    {
        var gated = new GatedJournalStore(Store);
        var reader = new GroupedJournalReader(gated, Options.Create(new JournalOptions()));
        gated.Close();
        gated.FailNext = new TimeoutException("the database did not answer");
        var failing = reader.ReadCustomerAsync("c-1", 0);
        await gated.WaitForCallAsync();
        var queued = Enumerable.Range(2, 10).Select(c => reader.ReadCustomerAsync($"c-{c}", 0)).ToArray();
        gated.Open();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => failing);
        Assert.Equal("the database did not answer", error.Message);
        Assert.All(await Task.WhenAll(queued), Assert.NotEmpty);
        Assert.Equal([2L], (await reader.ReadCustomerAsync("c-1", 1)).Select(entry => entry.Sequence));
    }
}
