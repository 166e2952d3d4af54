using CxGrains.Abstractions.Journal;
using static CxGrains.Persistence.Tests.JournalEntries;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// One behaviour contract for every event journal store, run through a subclass per store. Every
/// test has its own service id; tests of retention use days of their own far in the past, since
/// pruning applies to the whole table.
/// </summary>
public abstract class EventJournalConformanceTests : IAsyncLifetime
{
    private readonly List<JournalHost> _hosts = [];

    protected string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";

    /// <summary>Starts the store under test for <paramref name="serviceId"/>; a second call sees the first one's rows.</summary>
    private protected abstract Task<JournalHost> StartAsync(string serviceId);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Entries_read_back_in_sequence_order_with_their_bytes_intact()
    {
        var store = await OpenAsync();
        JournalEntry[] entries = [Entry("c-1", 3, payloadBytes: 2_000), Entry("c-1", 1), Entry("c-1", 2)];

        Assert.Empty(await store.AppendAsync(entries));

        var all = await store.ReadCustomerAsync("c-1", afterSequence: 0);
        Assert.Equal([1L, 2, 3], all.Select(entry => entry.Sequence));
        AssertSame(entries[1], all[0]);
        AssertSame(entries[2], all[1]);
        AssertSame(entries[0], all[2]);
        Assert.Equal([3L], (await store.ReadCustomerAsync("c-1", afterSequence: 2)).Select(entry => entry.Sequence));
        Assert.Empty(await store.ReadCustomerAsync("c-unknown", afterSequence: 0));
    }

    [Fact]
    public async Task Many_customers_are_read_at_once_each_after_its_own_sequence()
    {
        var store = await OpenAsync();
        var other = await OpenAsync($"other-{Guid.NewGuid():N}");
        Assert.Empty(await store.AppendAsync([.. Enumerable.Range(1, 30).SelectMany(c => Enumerable.Range(1, c % 5).Select(s => Entry($"c-{c}", s)))]));
        Assert.Empty(await other.AppendAsync([Entry("c-4", 5)]));

        // Every customer after a sequence of its own, one asked for twice, one unknown.
        JournalCursor[] cursors = [.. Enumerable.Range(1, 30).Select(c => new JournalCursor($"c-{c}", c % 3)), new("c-4", 0), new("c-unknown", 0)];
        var found = await store.ReadCustomersAsync(cursors);

        Assert.Equal(cursors.Length, found.Count);
        for (var i = 0; i < cursors.Length; i++)
        {
            var one = await store.ReadCustomerAsync(cursors[i].CustomerId, cursors[i].AfterSequence);
            Assert.Equal(one.Select(entry => (entry.CustomerId, entry.Sequence)), found[i].Select(entry => (entry.CustomerId, entry.Sequence)));
            Assert.All(found[i], entry => AssertSame(one.Single(o => o.Sequence == entry.Sequence), entry));
        }

        Assert.Equal([1L, 2, 3, 4], found[^2].Select(entry => entry.Sequence));
        Assert.Equal([2L, 3, 4], found[3].Select(entry => entry.Sequence));
        Assert.Empty(found[^1]);
        Assert.Empty(await store.ReadCustomersAsync([]));
    }

    [Fact]
    public async Task One_append_holds_many_customers()
    {
        var store = await OpenAsync();
        var entries = Enumerable.Range(1, 50).SelectMany(c => Enumerable.Range(1, 4).Select(s => Entry($"c-{c}", s))).ToArray();

        Assert.Empty(await store.AppendAsync(entries));

        for (var c = 1; c <= 50; c++)
        {
            Assert.Equal([1L, 2, 3, 4], (await store.ReadCustomerAsync($"c-{c}", 0)).Select(entry => entry.Sequence));
        }
    }

    [Fact]
    public async Task A_taken_sequence_keeps_all_of_its_customers_entries_out_and_the_other_customers_commit()
    {
        var store = await OpenAsync();
        var first = Entry("c-1", 1);
        await store.AppendAsync([first, Entry("c-1", 2)]);

        // Another activation writes sequence 2 again, with different content, and 3 after it, among another
        // customer's entries. Its 3 follows a 2 the journal does not hold, so it is not written either.
        var rival = Entry("c-1", 2) with { EventId = "rival", Payload = [9, 9, 9] };
        var conflicts = await store.AppendAsync([Entry("c-2", 1), rival, Entry("c-1", 3), Entry("c-2", 2)]);

        Assert.Equal([new JournalConflict("c-1", 2), new JournalConflict("c-1", 3)], conflicts);
        var kept = await store.ReadCustomerAsync("c-1", 0);
        Assert.Equal([1L, 2], kept.Select(entry => entry.Sequence));
        Assert.Equal("evt-c-1-2", kept[1].EventId);
        Assert.Equal([1L, 2], (await store.ReadCustomerAsync("c-2", 0)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task The_same_sequence_twice_in_one_group_writes_none_of_its_customers_entries()
    {
        var store = await OpenAsync();
        var second = Entry("c-1", 1) with { EventId = "second" };

        var conflicts = await store.AppendAsync([Entry("c-1", 1), Entry("c-2", 1), second, Entry("c-1", 2)]);

        Assert.Equal([new JournalConflict("c-1", 1), new JournalConflict("c-1", 1), new JournalConflict("c-1", 2)], conflicts);
        Assert.Empty(await store.ReadCustomerAsync("c-1", 0));
        Assert.Equal([1L], (await store.ReadCustomerAsync("c-2", 0)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task ReadSince_streams_every_customer_in_order_across_days()
    {
        var store = await OpenAsync();
        var today = Now;
        // Days that may not have a partition yet: the append creates them.
        var entries = new[]
        {
            Entry("c-b", 1, today.AddDays(-3)),
            Entry("c-b", 2, today.AddDays(-2)),
            Entry("c-a", 1, today.AddDays(-2).AddHours(1)),
            Entry("c-c", 1, today.AddDays(-1)),
            Entry("c-b", 3, today),
            Entry("c-a", 2, today),
            Entry("c-a", 3, today.AddMinutes(-1)),
        };
        foreach (var entry in entries.Reverse())
        {
            Assert.Empty(await store.AppendAsync([entry]));
        }

        var read = new List<JournalEntry>();
        await foreach (var entry in store.ReadSinceAsync(today.AddDays(-2)))
        {
            read.Add(entry);
        }

        Assert.Equal(
            ["c-a/1", "c-a/2", "c-a/3", "c-b/2", "c-b/3", "c-c/1"],
            read.Select(entry => $"{entry.CustomerId}/{entry.Sequence}"));
        AssertSame(entries[2], read[0]);
    }

    [Fact]
    public async Task Erasing_a_customer_leaves_no_entry_of_theirs_and_keeps_the_others()
    {
        var store = await OpenAsync();
        await store.AppendAsync([Entry("c-gone", 1, Now.AddDays(-1)), Entry("c-gone", 2), Entry("c-kept", 1)]);

        Assert.Equal(2, await store.EraseCustomerAsync("c-gone"));

        Assert.Empty(await store.ReadCustomerAsync("c-gone", 0));
        Assert.Single(await store.ReadCustomerAsync("c-kept", 0));
        var remaining = new List<string>();
        await foreach (var entry in store.ReadSinceAsync(Now.AddDays(-7)))
        {
            remaining.Add(entry.CustomerId);
        }

        Assert.Equal(["c-kept"], remaining);
        Assert.Equal(0, await store.EraseCustomerAsync("c-gone"));
    }

    [Fact]
    public async Task Rows_are_scoped_by_service_id()
    {
        var store = await OpenAsync();
        var other = await OpenAsync($"other-{Guid.NewGuid():N}");
        await store.AppendAsync([Entry("c-1", 1)]);

        Assert.Empty(await other.AppendAsync([Entry("c-1", 1) with { EventId = "other" }]));
        await other.EraseCustomerAsync("c-1");

        Assert.Equal(["evt-c-1-1"], (await store.ReadCustomerAsync("c-1", 0)).Select(entry => entry.EventId));
    }

    [Fact]
    public async Task Pruning_removes_entries_older_than_the_cut_off_and_keeps_recent_ones()
    {
        var store = await OpenAsync();
        // Days of this test alone, whole days before and after the cut-off.
        var day = new DateTimeOffset(2001, 3, 10, 0, 0, 0, TimeSpan.Zero);
        await store.AppendAsync([Entry("c-1", 1, day.AddHours(1)), Entry("c-1", 2, day.AddHours(20)), Entry("c-2", 1, day.AddDays(1).AddHours(3))]);
        await store.AppendAsync([Entry("c-1", 3, day.AddDays(2).AddHours(5)), Entry("c-1", 4, Now)]);

        var result = await store.PruneAsync(day.AddDays(2));

        Assert.Equal(3, result.RowsDeleted);
        Assert.Equal([3L, 4], (await store.ReadCustomerAsync("c-1", 0)).Select(entry => entry.Sequence));
        Assert.Empty(await store.ReadCustomerAsync("c-2", 0));
        await AssertPrunedAsync(result, droppedDays: [DateOnly.FromDateTime(day.UtcDateTime), DateOnly.FromDateTime(day.UtcDateTime.AddDays(1))]);
        Assert.Equal(0, (await store.PruneAsync(day.AddDays(2))).RowsDeleted);
    }

    [Fact]
    public async Task Entries_remember_their_writer_and_commit_and_a_writer_reads_back_what_it_committed_after_a_commit()
    {
        var store = await OpenAsync();
        await store.AppendAsync([Entry("c-1", 1), Entry("c-2", 1)], new JournalGroup("silo-a", 1));
        await store.AppendAsync([Entry("c-1", 2)], new JournalGroup("silo-b", 1));
        await store.AppendAsync([Entry("c-2", 2), Entry("c-3", 1)], new JournalGroup("silo-a", 2));

        var read = await store.ReadCustomerAsync("c-1", 0);
        Assert.Equal([("silo-a", 1L), ("silo-b", 1L)], read.Select(entry => (entry.Origin!, entry.CommitGroup)));

        var afterFirst = await store.ReadUndeliveredAsync("silo-a", afterGroup: 1);
        Assert.Equal([("c-2", 2L), ("c-3", 1L)], afterFirst.Select(entry => (entry.CustomerId, entry.Sequence)).Order());
        Assert.All(afterFirst, entry => Assert.Equal(2, entry.CommitGroup));
        Assert.Equal(4, (await store.ReadUndeliveredAsync("silo-a", afterGroup: 0)).Count);
        Assert.Empty(await store.ReadUndeliveredAsync("silo-a", afterGroup: 2));
    }

    [Fact]
    public async Task Writers_are_registered_advanced_and_forgotten()
    {
        var store = await OpenAsync();
        var other = await OpenAsync($"other-{Guid.NewGuid():N}");
        await store.RegisterOriginAsync("silo-a");
        await store.RegisterOriginAsync("silo-b");
        await store.RegisterOriginAsync("silo-a");
        await store.SetDeliveredAsync("silo-a", 7);

        // Progress only moves forward: a late, smaller report changes nothing.
        await store.SetDeliveredAsync("silo-a", 5);

        Assert.Equal([new JournalOrigin("silo-a", 7), new JournalOrigin("silo-b", 0)], (await store.ReadOriginsAsync()).OrderBy(o => o.Origin));
        Assert.Empty(await other.ReadOriginsAsync());

        await store.ForgetOriginAsync("silo-a");
        Assert.Equal([new JournalOrigin("silo-b", 0)], await store.ReadOriginsAsync());
    }

    /// <summary>Store-specific checks of a prune (PostgreSQL: the partitions are gone).</summary>
    protected abstract Task AssertPrunedAsync(JournalPruneResult result, IReadOnlyList<DateOnly> droppedDays);

    protected async Task<IEventJournalStore> OpenAsync(string? serviceId = null)
    {
        var host = await StartAsync(serviceId ?? ServiceId);
        _hosts.Add(host);
        return host.Store;
    }
}
