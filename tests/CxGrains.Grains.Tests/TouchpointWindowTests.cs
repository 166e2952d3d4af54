using CxGrains.Abstractions;
using CxGrains.Scoring;
using CxGrains.TestSupport;

namespace CxGrains.Grains.Tests;

/// <summary>Touchpoint and segment windows, fed through the accumulator, equal counts computed from the raw events.</summary>
[Collection(SqliteCluster.Name)]
public sealed class TouchpointWindowTests(SqliteClusterFixture fixture)
{
    [Fact]
    public async Task Touchpoint_windows_equal_a_reference_over_the_raw_events()
    {
        var grains = fixture.Cluster.Client;
        var touchpoint = TestEvents.UniqueId("tp");
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        var all = new List<CustomerEvent>();

        // 50 customers, several calls each, events interleaved across customers.
        var customers = Enumerable.Range(0, 50).Select(i => TestEvents.UniqueId($"cust{i}")).ToArray();
        var calls = new List<Task>();
        foreach (var customer in customers)
        {
            var events = TestEvents.Random(random, random.Next(5, 30), touchpoint, now, customer);
            all.AddRange(events);
            calls.AddRange(events.Chunk(4).Select(chunk => grains.GetGrain<ICustomerGrain>(customer).Apply(chunk)));
        }

        await Task.WhenAll(calls);
        var grain = grains.GetGrain<ITouchpointGrain>(touchpoint);
        await Eventually.TrueAsync(async () => (await grain.GetSnapshot(WindowKind.OneHour))?.Counts.Events == all.Count);

        var counts = (await grain.GetSnapshot(WindowKind.OneHour))!.Counts;
        var target = ServiceTarget.Default;
        var nps = all.Where(e => e.Interaction.Kind == InteractionKind.Nps).Select(e => e.Interaction.Score).ToList();
        var csat = all.Where(e => e.Interaction.Kind == InteractionKind.Csat).Select(e => e.Interaction.Score).ToList();
        var ces = all.Where(e => e.Interaction.Kind == InteractionKind.Ces).Select(e => e.Interaction.Score).ToList();
        var contacts = all.Where(e => e.Interaction.Kind == InteractionKind.Contact).Select(e => e.Interaction).ToList();
        var answered = contacts.Where(c => !c.Abandoned).ToList();

        Assert.Equal(all.Count, counts.Events);
        Assert.Equal(nps.Count(s => s >= 9), counts.NpsPromoters);
        Assert.Equal(nps.Count(s => s is 7 or 8), counts.NpsPassives);
        Assert.Equal(nps.Count(s => s <= 6), counts.NpsDetractors);
        Assert.Equal(csat.Count, counts.CsatResponses);
        Assert.Equal(csat.Count(s => s >= 4), counts.CsatTop2);
        Assert.Equal(csat.Sum(), counts.CsatSum);
        Assert.Equal(ces.Count, counts.CesResponses);
        Assert.Equal(ces.Count(s => s >= 5), counts.CesEasy);
        Assert.Equal(ces.Sum(), counts.CesSum);
        Assert.Equal(contacts.Count, counts.Contacts);
        Assert.Equal(contacts.Count(c => c.Abandoned), counts.Abandoned);
        Assert.Equal(answered.Count(c => c.Resolved && c.FirstContact), counts.FirstContactResolutions);
        Assert.Equal(answered.Count(c => c.WaitSeconds <= target.TargetWaitSeconds), counts.AnsweredWithinTarget);
        Assert.Equal(contacts.Sum(c => c.WaitSeconds), counts.WaitSum, 6);
        Assert.Equal(answered.Sum(c => c.HandleSeconds), counts.HandleSum, 6);
        Assert.Equal(all.Count(e => ExperienceSignal.IsNegative(e.Interaction, target)), counts.Negative);

        // Every customer carries region=EU, tier=gold: the segments saw the same counts on top of other tests' events.
        var segment = await grains.GetGrain<ISegmentGrain>("region=EU").GetSnapshot(WindowKind.OneHour);
        Assert.NotNull(segment);
        Assert.True(segment.Counts.Events >= all.Count);
    }
}
