namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class ScorecardTests
{
    private static readonly long Day = TimeSpan.TicksPerDay;
    private static readonly long T0 = Generators.Epoch;

    private static readonly Scorecard Gold = new("gold", "2", [new("tier", "gold"), new("region", "EU")], HealthModelOptions.Default with
    {
        LoyaltyWeight = 0.6,
        SatisfactionWeight = 0.1,
        EffortWeight = 0,
        ServiceWeight = 0.3,
        HealthyThreshold = 80,
        AtRiskThreshold = 50,
    });

    private static readonly Scorecard Standard = Scorecard.BuiltIn(HealthModelOptions.Default);

    [Fact]
    public void Each_scorecard_renormalises_its_own_weights_over_the_present_components()
    {
        var random = new Random(61);
        foreach (var scorecard in new[] { Gold, Standard })
        {
            var model = scorecard.Model;
            for (var run = 0; run < 300; run++)
            {
                var experience = new CustomerExperience();
                foreach (var e in Generators.List(random, 20, T0, 120 * Day))
                {
                    experience.Record(e, ServiceTarget.Default, model);
                }

                // Reference: Σ w·s / Σ w over components with data no older than 90 days and a positive weight.
                var now = T0 + random.NextInt64(200 * Day);
                double sum = 0, weights = 0;
                foreach (var kind in Enum.GetValues<HealthComponentKind>())
                {
                    var average = experience.Component(kind);
                    var weight = model.WeightOf(kind);
                    if (average.Weight > 0 && weight > 0 && now - average.AsOfTicks <= 90 * Day)
                    {
                        var f = Math.Pow(2, -Math.Max(0, now - average.AsOfTicks) / (30.0 * Day));
                        sum += weight * ((average.WeightedSum * f) + (70 * 0.5)) / ((average.Weight * f) + 0.5);
                        weights += weight;
                    }
                }

                var expected = weights > 0 ? sum / weights : 70;
                var assessment = HealthModel.Assess(experience, now, scorecard);
                Assert.Equal(expected, assessment.Score, 9);
                Assert.Equal(model.BandOf(expected), assessment.Band);
                Assert.Equal(scorecard.Name, assessment.Scorecard);
                Assert.Equal(scorecard.Version, assessment.ScorecardVersion);
                Assert.DoesNotContain(assessment.Components, c => c.Kind == HealthComponentKind.Effort && scorecard == Gold);
                if (assessment.HasData)
                {
                    Assert.Equal(1, assessment.Components.Sum(c => c.Weight), 9);
                    Assert.Equal(assessment.Score, assessment.Components.Sum(c => c.Contribution), 9);
                }
            }
        }
    }

    [Fact]
    public void Under_the_neutral_policy_a_missing_component_counts_at_the_neutral_score_with_its_weight()
    {
        var model = HealthModelOptions.Default with { MissingData = MissingDataPolicy.Neutral };
        var experience = new CustomerExperience();
        experience.Record(Interaction.Csat(1, T0), ServiceTarget.Default, model);

        var assessment = HealthModel.Assess(experience, T0, model);

        // Satisfaction (0 + 35) / 1.5 with weight 0.25; the other 0.75 of the weight sits at 70.
        var satisfaction = 35 / 1.5;
        Assert.Equal((0.25 * satisfaction) + (0.75 * 70), assessment.Score, 9);
        Assert.Equal(4, assessment.Components.Count);
        Assert.Equal([false, true, true, true], assessment.Components.OrderBy(c => c.Kind != HealthComponentKind.Satisfaction).Select(c => c.Missing));
        Assert.Equal(assessment.Score, assessment.Components.Sum(c => c.Contribution), 9);
        Assert.Equal(["satisfaction", HealthModel.NegativeExperiencesReason], assessment.Reasons); // the missing ones at 70 are no reason
        Assert.True(assessment.HasData);

        // The same customer under re-normalisation: satisfaction alone.
        Assert.Equal(satisfaction, HealthModel.Assess(experience, T0, HealthModelOptions.Default).Score, 9);
    }

    [Fact]
    public void A_customer_gets_the_first_scorecard_all_of_whose_pairs_match()
    {
        var silver = new Scorecard("silver", "1", [new("tier", "silver")], HealthModelOptions.Default);
        var set = new ScorecardSet([Gold, silver, Standard]);

        Assert.Same(Gold, set.Select(new Dictionary<string, string> { ["tier"] = "gold", ["region"] = "EU", ["plan"] = "x" }));
        Assert.Same(Standard, set.Select(new Dictionary<string, string> { ["tier"] = "gold", ["region"] = "US" }));
        Assert.Same(silver, set.Select(new Dictionary<string, string> { ["tier"] = "silver" }));
        Assert.Same(Standard, set.Select(new Dictionary<string, string> { ["tier"] = "Gold", ["region"] = "EU" }));
        Assert.Same(Standard, set.Select(new Dictionary<string, string>()));
        Assert.Equal("cx-metrics/1;scorecard=gold@2", Gold.MetricVersion);
        Assert.Equal("cx-metrics/1;scorecard=default@1", Standard.MetricVersion);
    }

    [Theory]
    [InlineData("threshold", "Scorecards:0:AtRiskThreshold must be between 0 and HealthyThreshold (80)")]
    [InlineData("name", "Scorecards:0:Name 'gold card' must be 1–64 letters")]
    [InlineData("duplicate", "Scorecards:1:Name 'gold' is used by an earlier scorecard")]
    [InlineData("default-with-match", "Scorecards:0:Match must be empty")]
    [InlineData("early-default", "Scorecards:0:Match is required")]
    [InlineData("weights", "Scorecards:1:LoyaltyWeight or one of SatisfactionWeight, EffortWeight, ServiceWeight must be greater than 0")]
    [InlineData("policy", "Scorecards:0:MissingData must be Renormalize or Neutral")]
    public void A_bad_scorecard_list_is_refused_naming_the_setting(string fault, string message)
    {
        Scorecard[] scorecards = fault switch
        {
            "threshold" => [new("gold", "1", [new("tier", "gold")], HealthModelOptions.Default with { HealthyThreshold = 80, AtRiskThreshold = 85 }), Standard],
            "name" => [new("gold card", "1", [new("tier", "gold")], HealthModelOptions.Default), Standard],
            "duplicate" => [Gold, new("gold", "1", [], HealthModelOptions.Default)],
            "default-with-match" => [Gold],
            "early-default" => [Standard, Gold, new("last", "1", [], HealthModelOptions.Default)],
            "weights" => [Gold, new("zero", "1", [], HealthModelOptions.Default with { LoyaltyWeight = 0, SatisfactionWeight = 0, EffortWeight = 0, ServiceWeight = 0 })],
            _ => [new("odd", "1", [], HealthModelOptions.Default with { MissingData = (MissingDataPolicy)7 })],
        };

        var error = Assert.Throws<ArgumentException>(() => new ScorecardSet(scorecards));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
