namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class HealthModelTests
{
    private static readonly HealthModelOptions Options = HealthModelOptions.Default;
    private static readonly long Day = TimeSpan.TicksPerDay;
    private static readonly long T0 = Generators.Epoch;

    [Fact]
    public void The_ingest_figures_are_the_assessment_s_own_and_allocate_nothing()
    {
        var random = new Random(37);
        HealthModel.Figures(new CustomerExperience(), T0, Options); // JIT before measuring
        for (var run = 0; run < 500; run++)
        {
            var experience = new CustomerExperience();
            foreach (var e in Generators.List(random, random.Next(0, 40), T0, 200 * Day))
            {
                experience.Record(e, new ServiceTarget(Generators.Targets[random.Next(4)]), Options);
            }

            var now = T0 + random.NextInt64(400 * Day);
            var assessment = HealthModel.Assess(experience, now, Options);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var figures = HealthModel.Figures(experience, now, Options);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

            // Bit for bit: the segment counts and at-risk lists come from these.
            Assert.Equal(assessment.Score, figures.Score);
            Assert.Equal(assessment.Band, figures.Band);
            Assert.Equal(assessment.ChurnRisk, figures.ChurnRisk);
            Assert.Equal(assessment.DecayedNegatives, figures.DecayedNegatives);
            Assert.Equal(assessment.HasData, figures.HasData);
        }
    }

    [Fact]
    public void Health_and_churn_stay_bounded_for_random_customers()
    {
        var random = new Random(31);
        for (var run = 0; run < 2000; run++)
        {
            var experience = new CustomerExperience();
            foreach (var e in Generators.List(random, 40, T0, 200 * Day))
            {
                experience.Record(e, new ServiceTarget(Generators.Targets[random.Next(4)]), Options);
            }

            var now = T0 + random.NextInt64(400 * Day);
            var assessment = HealthModel.Assess(experience, now, Options);
            Assert.InRange(assessment.Score, 0, 100);
            Assert.InRange(assessment.ChurnRisk, 0, 1);
            Assert.Equal(HealthModel.BandOf(assessment.Score), assessment.Band);
            Assert.Equal(assessment.Components.Count > 0, assessment.HasData);
            if (assessment.HasData)
            {
                Assert.Equal(1, assessment.Components.Sum(c => c.Weight), 9);
                Assert.All(assessment.Components, c => Assert.InRange(c.Score, 0, 100));

                // The explanation adds up: each component's contribution is its share of the score.
                Assert.Equal(assessment.Score, assessment.Components.Sum(c => c.Contribution), 9);
                Assert.All(assessment.Components, c => Assert.Equal(c.Score * c.Weight, c.Contribution, 12));
            }
            else
            {
                Assert.Equal(Options.NeutralScore, assessment.Score);
            }
        }
    }

    [Fact]
    public void Health_is_the_renormalised_weighted_blend_of_the_present_components()
    {
        var random = new Random(37);
        for (var run = 0; run < 500; run++)
        {
            var experience = new CustomerExperience();
            foreach (var e in Generators.List(random, 30, T0, 120 * Day))
            {
                experience.Record(e, ServiceTarget.Default, Options);
            }

            var now = T0 + random.NextInt64(200 * Day);
            var expectedSum = 0.0;
            var expectedWeight = 0.0;
            (DecayingAverage Average, double Weight)[] components =
            [
                (experience.Loyalty, 0.35), (experience.Satisfaction, 0.25), (experience.Effort, 0.15), (experience.Service, 0.25),
            ];
            foreach (var (average, weight) in components)
            {
                // Present = has data no older than 90 days; score = decayed mean shrunk to 70 with k = 0.5.
                if (average.Weight > 0 && now - average.AsOfTicks <= 90 * Day)
                {
                    var f = Math.Pow(2, -Math.Max(0, now - average.AsOfTicks) / (30.0 * Day));
                    var score = ((average.WeightedSum * f) + (70 * 0.5)) / ((average.Weight * f) + 0.5);
                    expectedSum += weight * score;
                    expectedWeight += weight;
                }
            }

            var expected = expectedWeight > 0 ? expectedSum / expectedWeight : 70;
            Assert.Equal(expected, HealthModel.Assess(experience, now, Options).Score, 9);
        }
    }

    [Fact]
    public void A_higher_signal_never_lowers_health_compared_with_a_lower_one()
    {
        var random = new Random(41);
        for (var run = 0; run < 1000; run++)
        {
            var baseline = new CustomerExperience();
            foreach (var e in Generators.List(random, 20, T0, 60 * Day))
            {
                baseline.Record(e, ServiceTarget.Default, Options);
            }

            var at = T0 + random.NextInt64(90 * Day);
            var now = at + random.NextInt64(30 * Day);
            var (lower, higher) = OrderedPair(random, at);
            Assert.True(
                ExperienceSignal.Score(lower, ServiceTarget.Default) <= ExperienceSignal.Score(higher, ServiceTarget.Default),
                "the pair is ordered by signal");

            var withLower = Clone(baseline);
            withLower.Record(lower, ServiceTarget.Default, Options);
            var withHigher = Clone(baseline);
            withHigher.Record(higher, ServiceTarget.Default, Options);

            var low = HealthModel.Assess(withLower, now, Options).Score;
            var high = HealthModel.Assess(withHigher, now, Options).Score;
            Assert.True(high >= low - 1e-9, $"run {run}: {lower.Kind} higher signal gave {high} < {low}");
        }
    }

    [Fact]
    public void Health_decays_toward_the_neutral_score_within_the_stale_limit()
    {
        foreach (var answer in new[] { 0, 3, 10 })
        {
            var experience = new CustomerExperience();
            experience.Record(Interaction.Nps(answer, T0), ServiceTarget.Default, Options);
            var previousDistance = double.MaxValue;
            for (var days = 0; days <= 90; days += 5)
            {
                var distance = Math.Abs(HealthModel.Assess(experience, T0 + (days * Day), Options).Score - Options.NeutralScore);
                Assert.True(distance < previousDistance, $"answer {answer}, day {days}");
                previousDistance = distance;
            }

            // After three half-lives the answer's pull is f / (f + k) of its size, f = 1/8, k = 0.5: a fifth.
            var pull = Math.Abs((answer * 10) - Options.NeutralScore);
            Assert.Equal(pull * 0.125 / 0.625, previousDistance, 9);
        }
    }

    [Fact]
    public void A_stale_component_drops_out_and_the_rest_are_reweighted()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Nps(0, T0), ServiceTarget.Default, Options);
        experience.Record(Interaction.Csat(5, T0 + (89 * Day)), ServiceTarget.Default, Options);

        // Day 90: both present (exactly at the stale limit counts as fresh).
        var both = HealthModel.Assess(experience, T0 + (90 * Day), Options);
        Assert.Equal([HealthComponentKind.Loyalty, HealthComponentKind.Satisfaction], both.Components.Select(c => c.Kind));
        Assert.Equal(0.35 / 0.6, both.Components[0].Weight, 9);

        // Day 91: loyalty is stale; satisfaction alone carries the score, at full weight.
        var now = T0 + (91 * Day);
        var later = HealthModel.Assess(experience, now, Options);
        var component = Assert.Single(later.Components);
        Assert.Equal(HealthComponentKind.Satisfaction, component.Kind);
        Assert.Equal("satisfaction", component.Name);
        Assert.Equal(1, component.Weight, 12);
        var f = Math.Pow(2, -2.0 / 30);
        Assert.Equal(((100 * f) + 35) / (f + 0.5), later.Score, 9);
    }

    [Fact]
    public void A_missing_component_never_counts_as_zero()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Csat(5, T0), ServiceTarget.Default, Options);
        var assessment = HealthModel.Assess(experience, T0, Options);

        // One fresh 100 against the 70 prior worth half a sample: (100 + 35) / 1.5 = 90, not 0.25 × 90.
        Assert.Equal(90, assessment.Score, 9);
        Assert.True(assessment.HasData);
        Assert.Equal(HealthBand.Healthy, assessment.Band);
        Assert.Empty(assessment.Reasons);
    }

    [Fact]
    public void No_data_means_the_neutral_score_and_no_data_flag()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Purchase(120, T0), ServiceTarget.Default, Options);
        var assessment = HealthModel.Assess(experience, T0, Options);
        Assert.False(assessment.HasData);
        Assert.Equal(70, assessment.Score);
        Assert.Empty(assessment.Components);
        Assert.Equal(0, assessment.ChurnRisk);

        var custom = Options with { NeutralScore = 55 };
        Assert.Equal(55, HealthModel.Assess(new CustomerExperience(), T0, custom).Score);
    }

    [Theory]
    [InlineData(100, HealthBand.Healthy)]
    [InlineData(70, HealthBand.Healthy)]
    [InlineData(69.999999, HealthBand.AtRisk)]
    [InlineData(40, HealthBand.AtRisk)]
    [InlineData(39.999999, HealthBand.Critical)]
    [InlineData(0, HealthBand.Critical)]
    public void Bands_split_at_40_and_70(double score, HealthBand band) => Assert.Equal(band, HealthModel.BandOf(score));

    [Fact]
    public void Churn_risk_is_calibrated_to_one_third_after_one_and_ninety_percent_after_three()
    {
        Assert.Equal(0, HealthModel.ChurnRisk(0));
        Assert.Equal(1.0 / 3, ChurnAfter(1), 2);
        Assert.InRange(ChurnAfter(1), (1.0 / 3) - 0.01, (1.0 / 3) + 0.01);
        Assert.InRange(ChurnAfter(3), 0.89, 0.91);
        Assert.InRange(ChurnAfter(2), ChurnAfter(1), ChurnAfter(3));
    }

    [Fact]
    public void Churn_risk_is_monotone_bounded_and_decays()
    {
        var previous = -1.0;
        for (var n = 0.0; n <= 50; n += 0.01)
        {
            var risk = HealthModel.ChurnRisk(n);
            Assert.InRange(risk, 0, 1);
            Assert.True(risk >= previous);
            previous = risk;
        }

        Assert.Equal(0, HealthModel.ChurnRisk(-3));
        Assert.Equal(0, HealthModel.ChurnRisk(double.NaN));

        var experience = new CustomerExperience();
        experience.Record(Interaction.Complaint(2, T0), ServiceTarget.Default, Options);
        experience.Record(Interaction.Nps(2, T0), ServiceTarget.Default, Options);
        var before = double.MaxValue;
        for (var days = 0; days <= 180; days += 3)
        {
            var risk = HealthModel.Assess(experience, T0 + (days * Day), Options).ChurnRisk;
            Assert.True(risk < before);
            before = risk;
        }

        // Two negatives a half-life ago weigh as one fresh one.
        Assert.Equal(1.0 / 3, HealthModel.Assess(experience, T0 + (30 * Day), Options).ChurnRisk, 9);
    }

    [Fact]
    public void Reasons_list_low_components_worst_first_then_recent_negatives()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Nps(5, T0), ServiceTarget.Default, Options);   // loyalty low
        experience.Record(Interaction.Csat(1, T0), ServiceTarget.Default, Options);  // satisfaction lowest
        experience.Record(Interaction.Ces(7, T0), ServiceTarget.Default, Options);   // effort fine
        var assessment = HealthModel.Assess(experience, T0, Options);
        Assert.Equal(["satisfaction", "loyalty", HealthModel.NegativeExperiencesReason], assessment.Reasons);
        Assert.Equal(2, assessment.DecayedNegatives, 9);

        // Weeks later the negatives have faded below one fresh negative's risk, and the reason goes with them.
        var later = HealthModel.Assess(experience, T0 + (40 * Day), Options);
        Assert.DoesNotContain(HealthModel.NegativeExperiencesReason, later.Reasons);
    }

    [Fact]
    public void Record_reports_what_it_did()
    {
        var experience = new CustomerExperience();
        var outcome = experience.Record(Interaction.Nps(3, T0), ServiceTarget.Default, Options);
        Assert.Equal(new ExperienceOutcome(HealthComponentKind.Loyalty, 30, true), outcome);

        var purchase = experience.Record(Interaction.Purchase(10, T0), ServiceTarget.Default, Options);
        Assert.Null(purchase.Component);
        Assert.True(double.IsNaN(purchase.Signal));
        Assert.False(purchase.Negative);
    }

    private static double ChurnAfter(int negatives)
    {
        var experience = new CustomerExperience();
        for (var i = 0; i < negatives; i++)
        {
            experience.Record(Interaction.Complaint(1, T0), ServiceTarget.Default, Options);
        }

        return HealthModel.Assess(experience, T0, Options).ChurnRisk;
    }

    private static CustomerExperience Clone(CustomerExperience source) => new()
    {
        Loyalty = source.Loyalty,
        Satisfaction = source.Satisfaction,
        Effort = source.Effort,
        Service = source.Service,
        Negatives = source.Negatives,
    };

    // Two interactions of one kind at one time, the first with the lower (or equal) signal by construction.
    private static (Interaction Lower, Interaction Higher) OrderedPair(Random random, long at)
    {
        int Pick(int min, int max, out int other)
        {
            var a = random.Next(min, max + 1);
            other = random.Next(a, max + 1);
            return a;
        }

        switch (random.Next(5))
        {
            case 0:
                return (Interaction.Nps(Pick(0, 10, out var n), at), Interaction.Nps(n, at));
            case 1:
                return (Interaction.Csat(Pick(1, 5, out var c), at), Interaction.Csat(c, at));
            case 2:
                return (Interaction.Ces(Pick(1, 7, out var e), at), Interaction.Ces(e, at));
            case 3:
                // The more severe complaint is the lower signal.
                var milder = Pick(1, 3, out var severer);
                return (Interaction.Complaint(severer, at), Interaction.Complaint(milder, at));
            default:
                // Same contact, but the better one waited no longer, had no more transfers and no worse sentiment.
                var wait = random.Next(0, 600);
                var transfers = random.Next(0, 5);
                var sentiment = Math.Round((random.NextDouble() * 2) - 1, 2);
                var resolved = random.Next(2) == 0;
                var first = random.Next(2) == 0;
                var worse = Interaction.Contact(at, wait, 100, resolved, first, transfers, false, sentiment);
                var better = Interaction.Contact(
                    at,
                    random.Next(0, wait + 1),
                    100,
                    resolved || random.Next(2) == 0,
                    first,
                    random.Next(0, transfers + 1),
                    false,
                    Math.Min(1, sentiment + Math.Round(random.NextDouble() * 0.5, 2)));
                return (worse, better);
        }
    }
}
