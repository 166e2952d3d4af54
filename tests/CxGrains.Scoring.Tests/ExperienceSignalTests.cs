namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class ExperienceSignalTests
{
    private static readonly ServiceTarget Target = new(60);

    [Fact]
    public void Survey_answers_map_linearly_onto_0_to_100()
    {
        for (var s = 0; s <= 10; s++)
        {
            Assert.Equal(s * 10.0, ExperienceSignal.Score(Interaction.Nps(s, 0), Target), 9);
        }

        for (var s = 1; s <= 5; s++)
        {
            Assert.Equal((s - 1) / 4.0 * 100, ExperienceSignal.Score(Interaction.Csat(s, 0), Target), 9);
        }

        for (var s = 1; s <= 7; s++)
        {
            Assert.Equal((s - 1) / 6.0 * 100, ExperienceSignal.Score(Interaction.Ces(s, 0), Target), 9);
        }
    }

    [Fact]
    public void Complaints_score_low_and_lower_with_severity()
    {
        var scores = Enumerable.Range(1, 3).Select(s => ExperienceSignal.Score(Interaction.Complaint(s, 0), Target)).ToList();
        Assert.True(scores[0] > scores[1] && scores[1] > scores[2]);
        Assert.True(scores[0] < HealthModel.AtRiskThreshold);
        Assert.Equal(0, scores[2]);
    }

    [Fact]
    public void Purchases_are_not_an_experience_signal()
    {
        var purchase = Interaction.Purchase(99.5, 0);
        Assert.True(double.IsNaN(ExperienceSignal.Score(purchase, Target)));
        Assert.False(ExperienceSignal.IsNegative(purchase, Target));
        Assert.Null(ExperienceSignal.ComponentOf(InteractionKind.Purchase));
    }

    [Theory]
    [InlineData(InteractionKind.Nps, HealthComponentKind.Loyalty)]
    [InlineData(InteractionKind.Csat, HealthComponentKind.Satisfaction)]
    [InlineData(InteractionKind.Ces, HealthComponentKind.Effort)]
    [InlineData(InteractionKind.Contact, HealthComponentKind.Service)]
    [InlineData(InteractionKind.Complaint, HealthComponentKind.Service)]
    public void Each_kind_feeds_its_component(InteractionKind kind, HealthComponentKind component) =>
        Assert.Equal(component, ExperienceSignal.ComponentOf(kind));

    [Fact]
    public void Survey_negativity_follows_the_documented_cut_offs()
    {
        for (var s = 0; s <= 10; s++)
        {
            Assert.Equal(s <= 6, ExperienceSignal.IsNegative(Interaction.Nps(s, 0), Target));
        }

        for (var s = 1; s <= 5; s++)
        {
            Assert.Equal(s <= 2, ExperienceSignal.IsNegative(Interaction.Csat(s, 0), Target));
        }

        for (var s = 1; s <= 7; s++)
        {
            Assert.Equal(s <= 3, ExperienceSignal.IsNegative(Interaction.Ces(s, 0), Target));
        }

        Assert.True(ExperienceSignal.IsNegative(Interaction.Complaint(1, 0), Target));
    }

    [Theory]
    [InlineData(30, true, true, 0, false, 0.0, false)]
    [InlineData(60, true, true, 0, false, 0.0, false)]    // exactly on target is kept
    [InlineData(60.5, true, true, 0, false, 0.0, true)]   // worse than promised
    [InlineData(10, false, true, 0, false, 0.0, true)]    // unresolved
    [InlineData(10, true, false, 3, false, 0.0, false)]   // resolved later, transferred: not negative by itself
    [InlineData(10, true, true, 0, true, 0.0, true)]      // abandoned
    [InlineData(10, true, true, 0, false, -0.5, true)]    // negative sentiment
    [InlineData(10, true, true, 0, false, -0.49, false)]
    public void Contact_negativity(double wait, bool resolved, bool first, int transfers, bool abandoned, double sentiment, bool negative) =>
        Assert.Equal(negative, ExperienceSignal.IsNegative(Interaction.Contact(0, wait, 100, resolved, first, transfers, abandoned, sentiment), Target));

    [Fact]
    public void The_target_decides_whether_a_wait_is_negative()
    {
        // DESIGN.md §1: a 4-minute wait is fine when 5 were promised and bad when 1 was.
        var contact = Interaction.Contact(0, 240, 100, true, true, 0, false, 0);
        Assert.False(ExperienceSignal.IsNegative(contact, new ServiceTarget(300)));
        Assert.True(ExperienceSignal.IsNegative(contact, new ServiceTarget(60)));
        Assert.True(ExperienceSignal.Score(contact, new ServiceTarget(300)) > ExperienceSignal.Score(contact, new ServiceTarget(60)));

        // No target configured means the 60 s default, never a division by zero.
        Assert.Equal(ExperienceSignal.Score(contact, ServiceTarget.Default), ExperienceSignal.Score(contact, default));
    }

    [Fact]
    public void Contact_score_is_bounded_and_moves_the_right_way_in_each_fact()
    {
        var random = new Random(13);
        for (var i = 0; i < 5000; i++)
        {
            var contact = Generators.Contact(random, 0);
            var score = ExperienceSignal.Score(contact, Target);
            Assert.InRange(score, 0, 100);
            if (contact.Abandoned)
            {
                Assert.Equal(0, score);
                continue;
            }

            var longer = With(contact, wait: contact.WaitSeconds + random.Next(1, 300));
            var moreTransfers = With(contact, transfers: contact.Transfers + 1);
            var happier = With(contact, sentiment: Math.Min(1, contact.Sentiment + 0.3));
            var resolvedFirst = With(contact, resolved: true, first: true);
            Assert.True(ExperienceSignal.Score(longer, Target) <= score);
            Assert.True(ExperienceSignal.Score(moreTransfers, Target) <= score);
            Assert.True(ExperienceSignal.Score(happier, Target) >= score);
            Assert.True(ExperienceSignal.Score(resolvedFirst, Target) >= score);
        }
    }

    [Fact]
    public void A_good_contact_is_healthy_and_a_bad_one_is_not()
    {
        var good = Interaction.Contact(0, 20, 200, true, true, 0, false, 0.2);
        var bad = Interaction.Contact(0, 300, 200, false, false, 2, false, -0.6);
        Assert.True(ExperienceSignal.Score(good, Target) >= HealthModel.HealthyThreshold);
        Assert.True(ExperienceSignal.Score(bad, Target) < HealthModel.AtRiskThreshold);
    }

    private static Interaction With(Interaction c, double? wait = null, int? transfers = null, double? sentiment = null, bool? resolved = null, bool? first = null) =>
        Interaction.Contact(
            c.OccurredAtTicks,
            wait ?? c.WaitSeconds,
            c.HandleSeconds,
            resolved ?? c.Resolved,
            first ?? c.FirstContact,
            transfers ?? c.Transfers,
            c.Abandoned,
            sentiment ?? c.Sentiment);
}
