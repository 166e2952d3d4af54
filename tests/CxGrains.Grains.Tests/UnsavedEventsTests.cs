using CxGrains.Abstractions;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A customer's unsaved events read back exactly as applied, every field of every kind, oldest first: a stored
/// write forgets what it contained and keeps what was applied during it, a restart drops everything, events of
/// any size (a long comment grows the pooled buffer) survive, and keeping an event allocates nothing once the
/// silo's buffers are warm.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class UnsavedEventsTests
{
    private static UnsavedEvents NewLog() => new(NewBuffers());

    // A clock that never moves: a test trims by hand.
    private static UnsavedEventBuffers NewBuffers(long retainedBytes = UnsavedEventBuffers.DefaultRetainedBytes) =>
        new(new FakeTimeProvider(), retainedBytes);

    [Fact]
    public void Events_read_back_as_applied_and_a_stored_write_forgets_what_it_contained()
    {
        var unsaved = NewLog();
        var first = Batch("a", 3);
        var second = Batch("b", 2);
        unsaved.Add(first);
        var mark = unsaved.Mark();
        unsaved.Add(second); // applied while the write was in flight
        CustomerEventAssert.Same([.. first, .. second], unsaved.Read());

        Assert.False(unsaved.Stored(mark), "events applied during the write are still to keep");
        Assert.Equal(2, unsaved.Count);
        CustomerEventAssert.Same(second, unsaved.Read());

        Assert.True(unsaved.Stored(unsaved.Mark()), "nothing is left to keep");
        Assert.Equal(0, unsaved.Count);
        Assert.Empty(unsaved.Read());
    }

    [Fact]
    public void Every_field_of_every_kind_reads_back()
    {
        var events = TestEvents.EveryKind();

        var unsaved = NewLog();
        unsaved.Add(events);
        CustomerEventAssert.Same(events, unsaved.Read());
    }

    [Fact]
    public void A_restart_drops_everything_and_a_write_from_before_it_changes_nothing()
    {
        var unsaved = NewLog();
        unsaved.Add(Batch("a", 2));
        var before = unsaved.Mark();
        unsaved.Restart();
        Assert.True(unsaved.FromEmpty);
        var after = Batch("c", 1);
        unsaved.Add(after);

        Assert.False(unsaved.Stored(before), "a write from before the restart leaves the restart to keep");
        Assert.True(unsaved.FromEmpty);
        CustomerEventAssert.Same(after, unsaved.Read());

        // A holder that drops an empty log marks its writes with the default; a log made for a restart during
        // such a write must keep the restart.
        var stale = default(UnsavedEvents.WriteMark);
        var restarted = NewLog();
        restarted.Restart();
        Assert.False(restarted.Stored(stale), "an empty log still keeps its restart");

        Assert.True(unsaved.Stored(unsaved.Mark()));
        Assert.False(unsaved.FromEmpty);
        Assert.Equal(0, unsaved.Count);
    }

    [Fact]
    public void Events_of_any_size_survive_the_buffer_growing()
    {
        var unsaved = NewLog();
        var events = new List<CustomerEvent>();
        for (var i = 0; i < 200; i++)
        {
            var e = TestEvents.Create($"big-{i}", "tp-big", Interaction.Csat(1 + (i % 5), DateTimeOffset.UtcNow.UtcTicks), DateTimeOffset.UtcNow) with
            {
                Comment = new string('c', i * 50),
                ReasonCodes = [$"r{i}", "late"],
            };
            events.Add(e);
            unsaved.Add([e]);
        }

        CustomerEventAssert.Same(events, unsaved.Read());
    }

    [Fact]
    public void Keeping_events_allocates_nothing_per_event_once_the_buffers_are_warm()
    {
        var buffers = NewBuffers();
        var events = Batch("alloc", 100);
        var attributes = new Dictionary<string, string> { ["region"] = "emea", ["tier"] = "gold" };
        var batches = events.Select(e => (IReadOnlyList<CustomerEvent>)[e with { Attributes = attributes, ReasonCodes = ["price"], Comment = "slow" }]).ToList();

        long KeepAndStore(int count)
        {
            var unsaved = new UnsavedEvents(buffers);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < count; i++)
            {
                unsaved.Add(batches[i]);
            }

            unsaved.Stored(unsaved.Mark());
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Warm: the buffers this takes are allocated once, then reused.
        KeepAndStore(100);
        KeepAndStore(1);

        var one = KeepAndStore(1);
        var hundred = KeepAndStore(100);
        Assert.True(hundred - one < 256, $"keeping 100 events allocated {hundred} bytes, keeping 1 allocated {one}");
        Assert.True(buffers.FreeBytes > 0, "the buffers went back to the silo's pool");
    }

    [Fact]
    public void Free_buffers_are_kept_up_to_the_bound_and_the_rest_is_dropped()
    {
        const long Bound = 64 << 10;
        var buffers = NewBuffers(Bound);
        var rented = Enumerable.Range(0, (int)(Bound / 1024) + 10).Select(_ => buffers.Rent(100)).ToList();
        foreach (var buffer in rented)
        {
            buffers.Return(buffer);
        }

        Assert.Equal(Bound, buffers.FreeBytes);
        Assert.Same(rented[^11], buffers.Rent(1000));
        Assert.Equal(Bound - 1024, buffers.FreeBytes);
    }

    [Fact]
    public void A_trim_lets_go_of_the_buffers_that_stayed_free_since_the_last_one()
    {
        var buffers = NewBuffers();
        var rented = Enumerable.Range(0, 10).Select(_ => buffers.Rent(100)).ToList();
        rented.ForEach(buffers.Return);

        // All ten were out since the start: none stayed free.
        buffers.Trim();
        Assert.Equal(10 * 1024, buffers.FreeBytes);

        // Three are rented and returned: seven were never needed.
        var again = Enumerable.Range(0, 3).Select(_ => buffers.Rent(100)).ToList();
        again.ForEach(buffers.Return);
        buffers.Trim();
        Assert.Equal(3 * 1024, buffers.FreeBytes);

        // Nothing is rented: an idle silo keeps none.
        buffers.Trim();
        Assert.Equal(0, buffers.FreeBytes);
    }

    [Fact]
    public void The_silo_trims_its_buffers_on_its_clock()
    {
        var time = new FakeTimeProvider();
        using var buffers = new UnsavedEventBuffers(time);
        buffers.Return(buffers.Rent(100));
        time.Advance(UnsavedEventBuffers.TrimInterval);
        Assert.Equal(1024, buffers.FreeBytes);
        time.Advance(UnsavedEventBuffers.TrimInterval);
        Assert.Equal(0, buffers.FreeBytes);
    }

    private static List<CustomerEvent> Batch(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => TestEvents.Create($"{prefix}-{i}", $"tp-{i}", Interaction.Nps(i % 11, DateTimeOffset.UtcNow.UtcTicks), DateTimeOffset.UtcNow))];
}
