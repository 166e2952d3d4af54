using CxGrains.Abstractions;
using CxGrains.Abstractions.Journal;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A journal payload reads back as the event it was made from, every field of every kind and of any size;
/// payloads Orleans' serializer wrote before the compact layout still read; and an entry counts the same for its
/// touchpoint whether it carries its event (made in this silo) or is read back from the store.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class JournalEventCodecTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly JournalEventCodec _codec;

    public JournalEventCodecTests() =>
        _codec = new JournalEventCodec(Orleans, new ServiceTargets(Options.Create(new ServiceTargetOptions())));

    private Serializer<CustomerEvent> Orleans => _services.GetRequiredService<Serializer<CustomerEvent>>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Every_field_of_every_kind_reads_back_from_the_compact_layout()
    {
        foreach (var e in TestEvents.EveryKind())
        {
            var payload = _codec.Serialize(e);
            Assert.Equal(JournalEventCodec.CompactFormat, payload[0]);
            CustomerEventAssert.Same(e, _codec.Read(Entry(e, payload)));
        }
    }

    [Fact]
    public void An_event_larger_than_the_stack_buffer_reads_back()
    {
        var e = TestEvents.EveryKind()[1] with { Comment = new string('é', 3000), ReasonCodes = [.. Enumerable.Range(0, 50).Select(i => $"reason-{i}")] };
        var payload = _codec.Serialize(e);
        Assert.True(payload.Length > 6000, $"the payload holds every byte of the comment ({payload.Length} bytes)");
        CustomerEventAssert.Same(e, _codec.Read(Entry(e, payload)));
    }

    [Fact]
    public void A_payload_Orleans_serializer_wrote_still_reads()
    {
        foreach (var e in TestEvents.EveryKind())
        {
            var old = Orleans.SerializeToArray(e);
            Assert.NotEqual(JournalEventCodec.CompactFormat, old[0]);
            CustomerEventAssert.Same(e, _codec.Read(Entry(e, old)));
        }
    }

    [Fact]
    public void An_entry_counts_the_same_for_its_touchpoint_carrying_its_event_or_read_back()
    {
        foreach (var e in TestEvents.EveryKind())
        {
            var made = Entry(e, _codec.Serialize(e)) with { Event = e };
            var readBack = made with { Event = null };
            var expected = default(MetricCounts);
            expected.Record(e.Interaction, ServiceTarget.Default);
            Assert.Equal(expected, _codec.TouchpointCountsOf(made));
            Assert.Equal(expected, _codec.TouchpointCountsOf(readBack));
        }
    }

    private static JournalEntry Entry(CustomerEvent e, byte[] payload) =>
        new("customer-1", 1, e.EventId, e.TouchpointId, e.Interaction.OccurredAtTicks, e.ReceivedAtTicks, payload);
}
