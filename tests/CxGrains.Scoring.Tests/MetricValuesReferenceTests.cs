namespace CxGrains.Scoring.Tests;

/// <summary>
/// Every metric against a naive reference computed from the raw event list with LINQ, written from the definitions
/// of DESIGN.md §1 and docs/scoring.md, not from the production code.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class MetricValuesReferenceTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void Every_metric_matches_a_brute_force_reference_over_2000_random_lists()
    {
        var random = new Random(20250301);
        for (var run = 0; run < 2000; run++)
        {
            var target = new ServiceTarget(Generators.Targets[random.Next(Generators.Targets.Length)]);
            var events = Generators.List(random, 80, Generators.Epoch, TimeSpan.TicksPerDay);
            var minimum = random.Next(0, 40);

            var counts = default(MetricCounts);
            foreach (var e in events)
            {
                counts.Record(e, target);
            }

            AssertMatchesReference(events, target, minimum, MetricValues.From(counts, minimum), run);
        }
    }

    [Fact]
    public void Merging_the_counts_of_split_lists_equals_counting_the_whole()
    {
        var random = new Random(7);
        for (var run = 0; run < 2000; run++)
        {
            var target = new ServiceTarget(Generators.Targets[random.Next(Generators.Targets.Length)]);
            var events = Generators.List(random, 60, Generators.Epoch, TimeSpan.TicksPerHour);

            var whole = default(MetricCounts);
            foreach (var e in events)
            {
                whole.Record(e, target);
            }

            // Split into up to four random parts, counted separately, merged in a shuffled order.
            var parts = Enumerable.Range(0, 4).Select(_ => default(MetricCounts)).ToArray();
            foreach (var e in events)
            {
                parts[random.Next(parts.Length)].Record(e, target);
            }

            random.Shuffle(parts);
            var merged = default(MetricCounts);
            foreach (var part in parts)
            {
                merged.Merge(part);
            }

            // Waits are multiples of 0.5 s and handle times of 0.25 s, so the sums are exact in any order.
            Assert.Equal(whole, merged);
            AssertMatchesReference(events, target, 30, MetricValues.From(merged), run);
        }
    }

    [Fact]
    public void Empty_counts_give_zero_for_every_ratio()
    {
        var values = MetricValues.From(default);
        Assert.Equal(0, values.Events);
        Assert.Equal(0, values.NegativePercent);
        Assert.Equal(0, values.NpsScore);
        Assert.Equal(0, values.CsatTop2Percent);
        Assert.Equal(0, values.CsatMean);
        Assert.Equal(0, values.CesMean);
        Assert.Equal(0, values.CesEasyPercent);
        Assert.Equal(0, values.FcrPercent);
        Assert.Equal(0, values.AbandonPercent);
        Assert.Equal(0, values.ServiceLevelPercent);
        Assert.Equal(0, values.MeanWaitSeconds);
        Assert.Equal(0, values.AsaSeconds);
        Assert.Equal(0, values.MeanHandleSeconds);
        Assert.False(values.NpsReliable);
        Assert.True(default(MetricCounts).IsEmpty);
    }

    [Fact]
    public void Nps_is_reliable_from_the_minimum_number_of_responses()
    {
        var counts = default(MetricCounts);
        for (var i = 0; i < MetricDefinitions.DefaultMinimumResponses - 1; i++)
        {
            counts.Record(Interaction.Nps(i % 11, Generators.Epoch), ServiceTarget.Default);
        }

        Assert.False(MetricValues.From(counts).NpsReliable);
        counts.Record(Interaction.Nps(10, Generators.Epoch), ServiceTarget.Default);
        Assert.True(MetricValues.From(counts).NpsReliable);
        Assert.False(MetricValues.From(counts, 31).NpsReliable);
        Assert.Throws<ArgumentOutOfRangeException>(() => MetricValues.From(counts, -1));
    }

    [Fact]
    public void A_known_contact_mix_gives_the_hand_computed_figures()
    {
        // Four contacts against a 60 s target:
        //   A answered in 30 s, handled 100 s, resolved on first contact
        //   B answered in 90 s, handled 200 s, resolved but not first contact
        //   C answered in 60 s (exactly on target), handled 300 s, unresolved
        //   D abandoned after 120 s (flagged resolved+first, which must not count as FCR)
        var target = new ServiceTarget(60);
        var counts = default(MetricCounts);
        counts.Record(Interaction.Contact(1, 30, 100, true, true, 0, false, 0), target);
        counts.Record(Interaction.Contact(1, 90, 200, true, false, 0, false, 0), target);
        counts.Record(Interaction.Contact(1, 60, 300, false, true, 0, false, 0), target);
        counts.Record(Interaction.Contact(1, 120, 0, true, true, 0, true, 0), target);

        var values = MetricValues.From(counts);
        Assert.Equal(4, values.Contacts);
        Assert.Equal(1, values.Abandoned);
        Assert.Equal(25.0, values.AbandonPercent, 9);
        Assert.Equal(100.0 / 3, values.FcrPercent, 9);          // A of A, B, C
        Assert.Equal(50.0, values.ServiceLevelPercent, 9);      // A and C of all four
        Assert.Equal(75.0, values.MeanWaitSeconds, 9);          // (30 + 90 + 60 + 120) / 4
        Assert.Equal(60.0, values.AsaSeconds, 9);               // (30 + 90 + 60) / 3
        Assert.Equal(200.0, values.MeanHandleSeconds, 9);       // (100 + 200 + 300) / 3
        Assert.Equal(3, values.Negative);                       // B late, C unresolved, D abandoned
    }

    private static bool ReferenceNegative(Interaction e, double target) => e.Kind switch
    {
        InteractionKind.Nps => e.Score is >= 0 and <= 6,
        InteractionKind.Csat => e.Score is 1 or 2,
        InteractionKind.Ces => e.Score is 1 or 2 or 3,
        InteractionKind.Contact => e.Abandoned || !e.Resolved || e.WaitSeconds > target || e.Sentiment <= -0.5,
        InteractionKind.Complaint => true,
        _ => false,
    };

    private static double Pct(int part, int whole) => whole == 0 ? 0 : part * 100.0 / whole;

    private static double Avg(IEnumerable<double> values) => values.Any() ? values.Average() : 0;

    private static void AssertMatchesReference(List<Interaction> events, ServiceTarget target, int minimum, MetricValues actual, int run)
    {
        var t = target.TargetWaitSeconds;
        var nps = events.Where(e => e.Kind == InteractionKind.Nps).Select(e => e.Score).ToList();
        var csat = events.Where(e => e.Kind == InteractionKind.Csat).Select(e => e.Score).ToList();
        var ces = events.Where(e => e.Kind == InteractionKind.Ces).Select(e => e.Score).ToList();
        var contacts = events.Where(e => e.Kind == InteractionKind.Contact).ToList();
        var answered = contacts.Where(c => !c.Abandoned).ToList();
        var abandoned = contacts.Where(c => c.Abandoned).ToList();

        var promoters = nps.Count(s => s >= 9);
        var passives = nps.Count(s => s is 7 or 8);
        var detractors = nps.Count(s => s <= 6);

        // Adjusted Wald, written out from DESIGN.md §1.
        var n = nps.Count + 3.0;
        var pp = (promoters + 0.75) / n;
        var pd = (detractors + 0.75) / n;
        var margin = 1.96 * Math.Sqrt((pp + pd - ((pp - pd) * (pp - pd))) / n) * 100;

        var message = $"run {run}";
        Assert.True(events.Count == actual.Events, message);
        Assert.True(events.Count(e => ReferenceNegative(e, t)) == actual.Negative, message);
        Near(Pct(events.Count(e => ReferenceNegative(e, t)), events.Count), actual.NegativePercent, message);

        Assert.True(promoters == actual.NpsPromoters && passives == actual.NpsPassives && detractors == actual.NpsDetractors, message);
        Assert.True(nps.Count == actual.NpsResponses, message);
        Near(Pct(promoters, nps.Count) - Pct(detractors, nps.Count), actual.NpsScore, message);
        Near(margin, actual.NpsMargin95, message);
        Assert.True((nps.Count >= minimum) == actual.NpsReliable, message);

        Assert.True(csat.Count == actual.CsatResponses, message);
        Near(Pct(csat.Count(s => s >= 4), csat.Count), actual.CsatTop2Percent, message);
        Near(Avg(csat.Select(s => (double)s)), actual.CsatMean, message);

        Assert.True(ces.Count == actual.CesResponses, message);
        Near(Avg(ces.Select(s => (double)s)), actual.CesMean, message);
        Near(Pct(ces.Count(s => s >= 5), ces.Count), actual.CesEasyPercent, message);

        Assert.True(contacts.Count == actual.Contacts && abandoned.Count == actual.Abandoned, message);
        Near(Pct(abandoned.Count, contacts.Count), actual.AbandonPercent, message);
        Near(Pct(answered.Count(c => c.Resolved && c.FirstContact), answered.Count), actual.FcrPercent, message);
        Near(Pct(answered.Count(c => c.WaitSeconds <= t), answered.Count + abandoned.Count), actual.ServiceLevelPercent, message);
        Near(Avg(contacts.Select(c => c.WaitSeconds)), actual.MeanWaitSeconds, message);
        Near(Avg(answered.Select(c => c.WaitSeconds)), actual.AsaSeconds, message);
        Near(Avg(answered.Select(c => c.HandleSeconds)), actual.MeanHandleSeconds, message);
    }

    private static void Near(double expected, double actual, string message) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{message}: expected {expected}, got {actual}");
}
