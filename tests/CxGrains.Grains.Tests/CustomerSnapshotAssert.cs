using CxGrains.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>Compares two views of one customer's state: equal, scores within what seconds of decay change.</summary>
internal static class CustomerSnapshotAssert
{
    public static void Same(CustomerSnapshot before, CustomerSnapshot after)
    {
        Assert.Equal(before.EventCount, after.EventCount);
        Assert.Equal(before.UpdatedAtTicks, after.UpdatedAtTicks);
        Assert.Equal(before.Band, after.Band);
        Assert.Equal(before.NegativeExperiences, after.NegativeExperiences);
        Assert.Equal(before.ValueTier, after.ValueTier);
        Assert.Equal(before.LastNps?.Score, after.LastNps?.Score);
        Assert.Equal(before.LastNps?.OccurredAtTicks, after.LastNps?.OccurredAtTicks);
        Assert.Equal(before.LastNps?.ReasonCodes ?? [], after.LastNps?.ReasonCodes ?? []);
        Assert.Equal(before.Recent, after.Recent);
        Assert.Equal(before.Components.Select(c => c.Name), after.Components.Select(c => c.Name));

        // Scores are evaluated at call time and decay: compare with a tolerance fit for seconds.
        Assert.Equal(before.HealthScore, after.HealthScore, 3);
        Assert.Equal(before.ChurnRisk, after.ChurnRisk, 3);
    }
}
