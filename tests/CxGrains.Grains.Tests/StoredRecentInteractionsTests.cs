using CxGrains.Abstractions;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A customer's recent interactions are stored in their own layout, written straight from memory: a stored state
/// reads back to the same interactions (ids of any length and script, after compactions), a row of the earlier
/// layout (a list of records) still loads, bad bytes are refused with a clear error, and writing a state allocates
/// nothing per interaction.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class StoredRecentInteractionsTests : IDisposable
{
    private static readonly long T0 = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(CustomerState).Assembly).AddAssembly(typeof(CustomerSnapshot).Assembly).AddAssembly(typeof(LegacyCustomerState).Assembly))
        .BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(100)]
    public void A_stored_state_reads_back_to_the_same_interactions_and_recording_goes_on(int limit)
    {
        var random = new Random(limit);
        var state = new CustomerState { EventCount = 42 };
        var reference = new CustomerState();
        for (var i = 0; i < 300 && limit > 0; i++)
        {
            // Late events, empty and long ids, non-ASCII ids and touchpoints: everything the layout must carry.
            var at = T0 + (i * TimeSpan.TicksPerMinute) - (random.Next(8) == 0 ? random.Next(500) * TimeSpan.TicksPerMinute : 0);
            var id = random.Next(10) == 0 ? string.Empty : $"é{i}-日本-" + new string('x', random.Next(120));
            var touchpoint = random.Next(2) == 0 ? "tp-ü" : "store-17";
            var kind = (InteractionKind)random.Next(1, 4);
            var channel = (InteractionChannel)random.Next(0, 5);
            state.RecentInteractions.Record(limit, id, touchpoint, at, random.NextDouble() * 10, kind, channel, random.Next(3) == 0);
        }

        var read = Serializer.Deserialize<CustomerState>(Serializer.SerializeToArray(state))!;

        Assert.Equal(42, read.EventCount);
        Assert.Equal(state.RecentInteractions.ToRecords(), read.RecentInteractions.ToRecords());
        if (limit > 0)
        {
            state.RecentInteractions.Record(limit, "after-load", "tp", T0 + TimeSpan.TicksPerDay, 1, InteractionKind.Csat, InteractionChannel.Web, false);
            read.RecentInteractions.Record(limit, "after-load", "tp", T0 + TimeSpan.TicksPerDay, 1, InteractionKind.Csat, InteractionChannel.Web, false);
            Assert.Equal(state.RecentInteractions.ToRecords(), read.RecentInteractions.ToRecords());
        }
    }

    [Fact]
    public void A_row_of_the_earlier_layout_still_loads()
    {
        var records = Enumerable.Range(0, 5)
            .Select(i => new RecentInteraction
            {
                EventId = $"old-{i}",
                TouchpointId = "web",
                OccurredAtTicks = T0 - i,
                Signal = i,
                Kind = InteractionKind.Nps,
                Channel = InteractionChannel.Web,
                Negative = i == 3,
            })
            .ToList();

        // The same fields under the same ids as a row written before recent interactions had their own layout.
        var row = Serializer.SerializeToArray(new LegacyCustomerState { Recent = records, EventCount = 5 });
        var read = Serializer.Deserialize<CustomerState>(row)!;

        Assert.Equal(5, read.EventCount);
        Assert.Equal(records, read.RecentInteractions.ToRecords());
    }

    [Fact]
    public void Bytes_that_are_not_the_layout_are_refused_with_what_is_wrong()
    {
        var recent = default(RecentInteractions);
        recent.Record(4, "e1", "tp", T0, 1, InteractionKind.Csat, InteractionChannel.Web, false);
        recent.Record(4, "e2", "tp", T0 + 1, 1, InteractionKind.Csat, InteractionChannel.Web, false);
        var bytes = new byte[recent.EncodedLength()];
        recent.Encode(bytes);

        Assert.Contains("encoding version", Assert.Throws<FormatException>(() => RecentInteractions.Decode([9, .. bytes.AsSpan(1)])).Message);
        Assert.Contains("run past the end", Assert.Throws<FormatException>(() => RecentInteractions.Decode(bytes.AsSpan(0, bytes.Length - 1))).Message);
        Assert.Contains("after the last entry", Assert.Throws<FormatException>(() => RecentInteractions.Decode([.. bytes, 0])).Message);
        Assert.Contains("cannot fit", Assert.Throws<FormatException>(() => RecentInteractions.Decode(bytes.AsSpan(0, 20))).Message);
        bytes[^1] = 7;
        Assert.Contains("7 for negative", Assert.Throws<FormatException>(() => RecentInteractions.Decode(bytes)).Message);
    }

    [Fact]
    public void Writing_a_state_allocates_nothing_per_interaction()
    {
        var few = StateWith(1);
        var many = StateWith(100);
        var buffer = new byte[64 * 1024];

        // Warm up: code paths and the pooled buffers of both sizes.
        Serializer.Serialize(few, buffer);
        Serializer.Serialize(many, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Serializer.Serialize(few, buffer);
        var forFew = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        Serializer.Serialize(many, buffer);
        var forMany = GC.GetAllocatedBytesForCurrentThread() - before;

        // A list of records would cost a record, a string and a list slot per interaction: about 15 KB for 99 more.
        Assert.True(forMany - forFew < 256, $"1 interaction: {forFew} B allocated; 100: {forMany} B");
    }

    public void Dispose() => _services.Dispose();

    private static CustomerState StateWith(int interactions)
    {
        var state = new CustomerState();
        for (var i = 0; i < interactions; i++)
        {
            state.RecentInteractions.Record(100, $"event-{i:D6}", "tp", T0 + i, i, InteractionKind.Csat, InteractionChannel.Phone, false);
        }

        return state;
    }
}

/// <summary>The fields of a customer's stored state as rows before recent interactions had their own layout held them.</summary>
[GenerateSerializer]
public sealed class LegacyCustomerState
{
    /// <summary>Recent interactions as a list of records.</summary>
    [Id(6)] public List<RecentInteraction> Recent { get; set; } = [];

    /// <summary>Events applied.</summary>
    [Id(11)] public long EventCount { get; set; }
}
