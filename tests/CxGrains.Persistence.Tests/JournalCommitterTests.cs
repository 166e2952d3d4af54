using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using CxGrains.Abstractions.Journal;
using CxGrains.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CxGrains.Persistence.Tests.JournalEntries;

namespace CxGrains.Persistence.Tests;

/// <summary>The group committer over a real SQLite journal, its store calls counted and held by <see cref="GatedJournalStore"/>.</summary>
public sealed class JournalCommitterTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("cx-committer");
    private JournalHost? _host;

    private IEventJournalStore Store => _host!.Store;

    public async Task InitializeAsync() =>
        _host = await JournalHost.StartSqliteAsync($"svc-{Guid.NewGuid():N}", _directory.Combine("grains.db"));

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Appends_arriving_during_a_commit_are_grouped_into_the_next_one()
    {
        var gated = new GatedJournalStore(Store);
        await using var committer = new JournalCommitter(gated, new JournalOptions(), JournalTesting.Origin);
        gated.Close();
        var first = committer.AppendAsync([Entry("c-0", 1)]);
        await gated.WaitForCallAsync();

        // 100 customers' batches arrive while the first commit is in flight.
        var rest = Enumerable.Range(1, 100).Select(c => committer.AppendAsync([Entry($"c-{c}", 1), Entry($"c-{c}", 2)])).ToArray();
        gated.Open();
        await first;
        await Task.WhenAll(rest);

        Assert.Equal([1, 200], gated.Calls.Select(call => call.Count));
        for (var c = 0; c <= 100; c++)
        {
            Assert.NotEmpty(await Store.ReadCustomerAsync($"c-{c}", 0));
        }
    }

    [Fact]
    public async Task Concurrent_appenders_need_far_fewer_store_calls_than_appends()
    {
        var gated = new GatedJournalStore(Store);
        await using var committer = new JournalCommitter(gated, new JournalOptions(), JournalTesting.Origin);

        var appenders = Enumerable.Range(0, 50).Select(c => Task.Run(async () =>
        {
            for (var s = 1; s <= 20; s++)
            {
                await committer.AppendAsync([Entry($"c-{c}", s)]);
            }
        }));
        await Task.WhenAll(appenders);

        Assert.Equal(1_000, gated.Calls.Sum(call => call.Count));
        Assert.True(gated.Calls.Count < 500, $"{gated.Calls.Count} store calls for 1,000 appends");
        Assert.Equal(Enumerable.Range(1, 20).Select(s => (long)s), (await Store.ReadCustomerAsync("c-7", 0)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task A_conflict_fails_only_the_append_that_holds_it()
    {
        await Store.AppendAsync([Entry("c-1", 1)]);
        var gated = new GatedJournalStore(Store);
        await using var committer = new JournalCommitter(gated, new JournalOptions(), JournalTesting.Origin);
        gated.Close();
        var blocker = committer.AppendAsync([Entry("c-0", 1)]);
        await gated.WaitForCallAsync();

        var rival = committer.AppendAsync([Entry("c-1", 1), Entry("c-1", 2)]);
        var bystander = committer.AppendAsync([Entry("c-2", 1)]);
        gated.Open();

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => rival);
        Assert.Equal(("c-1", 1L), (conflict.CustomerId, conflict.Sequence));
        Assert.Equal([new JournalConflict("c-1", 1), new JournalConflict("c-1", 2)], conflict.Conflicts);
        await bystander;
        await blocker;
        Assert.Equal(2, gated.Calls.Count);
        // The rival's other entry is not written (a customer's entries are all or none); the bystander in the
        // same group is.
        Assert.Equal([1L], (await Store.ReadCustomerAsync("c-1", 0)).Select(entry => entry.Sequence));
        Assert.Equal([1L], (await Store.ReadCustomerAsync("c-2", 0)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task A_failed_commit_fails_each_of_its_appends_and_the_next_commit_works()
    {
        var gated = new GatedJournalStore(Store);
        await using var committer = new JournalCommitter(gated, new JournalOptions(), JournalTesting.Origin);
        gated.Close();
        var blocker = committer.AppendAsync([Entry("c-0", 1)]);
        await gated.WaitForCallAsync();
        var failing = new[] { committer.AppendAsync([Entry("c-1", 1)]), committer.AppendAsync([Entry("c-2", 1)]) };
        gated.FailNext = new TimeoutException("database unreachable");
        gated.Open();

        await Assert.ThrowsAsync<TimeoutException>(() => blocker);
        await committer.AppendAsync([Entry("c-3", 1)]);

        // The blocker's commit failed; the two that queued behind it formed the next group.
        await Task.WhenAll(failing);
        Assert.Empty(await Store.ReadCustomerAsync("c-0", 0));
        Assert.Single(await Store.ReadCustomerAsync("c-3", 0));
    }

    [Fact]
    public async Task A_malformed_entry_fails_its_own_append_before_it_can_join_a_group()
    {
        var gated = new GatedJournalStore(Store);
        await using var committer = new JournalCommitter(gated, new JournalOptions(), JournalTesting.Origin);

        await Assert.ThrowsAsync<ArgumentException>(() => committer.AppendAsync([Entry("c-1", 1), Entry("c-1", 0)]));
        await Assert.ThrowsAsync<ArgumentException>(() => committer.AppendAsync([Entry("c-1", 1) with { Payload = null! }]));
        await committer.AppendAsync([Entry("c-1", 1)]);

        Assert.Equal([1], gated.Calls.Select(call => call.Count));
    }

    [Fact]
    public async Task A_commit_takes_at_most_the_configured_entries_and_never_splits_an_append()
    {
        var gated = new GatedJournalStore(Store);
        await using var committer = new JournalCommitter(gated, new JournalOptions { MaxEntriesPerCommit = 10, MaxQueuedEntries = 1_000 }, JournalTesting.Origin);
        gated.Close();
        var blocker = committer.AppendAsync([Entry("c-0", 1)]);
        await gated.WaitForCallAsync();

        var appends = Enumerable.Range(1, 7).Select(c => committer.AppendAsync([Entry($"c-{c}", 1), Entry($"c-{c}", 2), Entry($"c-{c}", 3)])).ToList();
        appends.Add(committer.AppendAsync(Enumerable.Range(1, 25).Select(s => Entry("c-big", s)).ToArray()));
        gated.Open();
        await blocker;
        await Task.WhenAll(appends);

        Assert.Equal([1, 9, 9, 3, 25], gated.Calls.Select(call => call.Count));
    }

    [Fact]
    public async Task Beyond_the_queue_bound_an_append_waits_for_room()
    {
        var gated = new GatedJournalStore(Store);
        await using var committer = new JournalCommitter(gated, new JournalOptions { MaxEntriesPerCommit = 10, MaxQueuedEntries = 10 }, JournalTesting.Origin);
        gated.Close();
        var inFlight = committer.AppendAsync(Enumerable.Range(1, 5).Select(s => Entry("c-a", s)).ToArray());
        await gated.WaitForCallAsync();
        var queued = new[]
        {
            committer.AppendAsync(Enumerable.Range(1, 6).Select(s => Entry("c-b", s)).ToArray()),
            committer.AppendAsync(Enumerable.Range(1, 4).Select(s => Entry("c-c", s)).ToArray()),
        };

        var held = committer.AppendAsync([Entry("c-d", 1)]);

        Assert.Equal(10, committer.QueuedEntries);
        Assert.Equal(1, committer.WaitingAppends);
        Assert.False(held.IsCompleted);
        gated.Open();
        await Task.WhenAll(queued.Append(inFlight).Append(held));
        Assert.Equal([5, 10, 1], gated.Calls.Select(call => call.Count));
        Assert.Equal(0, committer.WaitingAppends);
    }

    [Fact]
    public async Task Stopping_commits_what_is_queued_and_refuses_new_appends()
    {
        var gated = new GatedJournalStore(Store);
        var committer = new JournalCommitter(gated, new JournalOptions(), JournalTesting.Origin);
        gated.Close();
        var appends = new List<Task> { committer.AppendAsync([Entry("c-0", 1)]) };
        await gated.WaitForCallAsync();
        appends.AddRange(Enumerable.Range(1, 20).Select(c => committer.AppendAsync([Entry($"c-{c}", 1)])));

        var stop = committer.StopAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => committer.AppendAsync([Entry("c-late", 1)]));
        Assert.False(stop.IsCompleted);
        gated.Open();
        await stop;

        await Task.WhenAll(appends);
        Assert.Equal(21, gated.Calls.Sum(call => call.Count));
        Assert.Empty(await Store.ReadCustomerAsync("c-late", 0));
        Assert.Single(await Store.ReadCustomerAsync("c-20", 0));
    }

    [Fact]
    public async Task Stopping_past_its_timeout_cancels_the_commit_in_flight()
    {
        var gated = new GatedJournalStore(Store);
        var committer = new JournalCommitter(gated, new JournalOptions(), JournalTesting.Origin);
        gated.Close();
        var stuck = committer.AppendAsync([Entry("c-0", 1)]);
        await gated.WaitForCallAsync();

        await committer.StopAsync(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck);
    }

    [Fact]
    public async Task Commits_are_measured()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new JournalMetrics(services.GetRequiredService<IMeterFactory>());
        var measured = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == JournalMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => Add(instrument.Name, 1));
        listener.Start();

        await using (var committer = new JournalCommitter(Store, new JournalOptions(), JournalTesting.Origin, metrics))
        {
            await committer.AppendAsync([Entry("c-1", 1), Entry("c-1", 2)]);
            await Assert.ThrowsAsync<JournalConflictException>(() => committer.AppendAsync([Entry("c-1", 2)]));
        }

        lock (measured)
        {
            Assert.Equal(2, measured["cx_journal_commits"]);
            Assert.Equal(3, measured["cx_journal_entries_per_commit"]);
            Assert.Equal(3 * Entry("c-1", 1).Payload.Length, measured["cx_journal_payload"]);
            Assert.Equal(2, measured["cx_journal_commit_duration"]);
            Assert.Equal(1, measured["cx_journal_conflicts"]);
            Assert.Equal(0, measured["cx_journal_queued_entries"]);
        }

        void Add(string name, double value)
        {
            lock (measured)
            {
                measured[name] = measured.GetValueOrDefault(name) + value;
            }
        }
    }

    [Fact]
    [Trait("Tier", "Fast")]
    public void Options_that_cannot_work_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ValidationException>(() =>
            new JournalCommitter(Store, new JournalOptions { MaxEntriesPerCommit = 5_000, MaxQueuedEntries = 100 }, JournalTesting.Origin));

        Assert.Contains("Cx:Journal:MaxQueuedEntries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_Cx_Journal_and_are_validated()
    {
        using var directory = new TempDirectory("cx-journal-options");
        await using (var host = await JournalHost.StartSqliteAsync("svc", directory.Combine("grains.db"), new Dictionary<string, string?>
        {
            ["Cx:Journal:MaxEntriesPerCommit"] = "250",
            ["Cx:Journal:Linger"] = "00:00:00.001",
            ["Cx:Journal:RetentionDays"] = "7",
        }))
        {
            Assert.Equal((250, 50_000, TimeSpan.FromMilliseconds(1), 7), (host.Options.MaxEntriesPerCommit, host.Options.MaxQueuedEntries, host.Options.Linger, host.Options.RetentionDays));
        }

        // Like a silo, the host fails at start-up, naming the setting.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => JournalHost.StartSqliteAsync("svc", directory.Combine("bad.db"), new Dictionary<string, string?>
        {
            ["Cx:Journal:RetentionDays"] = "0",
        }));
        Assert.Contains("Cx:Journal:RetentionDays", error.Message, StringComparison.Ordinal);
    }
}
