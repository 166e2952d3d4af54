namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class HealthModelOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones_and_valid()
    {
        var options = HealthModelOptions.Default;
        options.Validate();
        Assert.Equal(TimeSpan.FromDays(30), options.HalfLife);
        Assert.Equal(TimeSpan.FromDays(90), options.StaleAfter);
        Assert.Equal(TimeSpan.FromDays(30), options.NegativeWindow);
        Assert.Equal(1, options.LoyaltyWeight + options.SatisfactionWeight + options.EffortWeight + options.ServiceWeight, 12);
        Assert.Equal(70, options.NeutralScore);
        Assert.Equal(0.5, options.PriorWeight);
    }

    [Theory]
    [InlineData(nameof(HealthModelOptions.HalfLife))]
    [InlineData(nameof(HealthModelOptions.StaleAfter))]
    [InlineData(nameof(HealthModelOptions.NegativeWindow))]
    [InlineData(nameof(HealthModelOptions.LoyaltyWeight))]
    [InlineData(nameof(HealthModelOptions.EffortWeight))]
    [InlineData(nameof(HealthModelOptions.NeutralScore))]
    [InlineData(nameof(HealthModelOptions.PriorWeight))]
    public void A_bad_setting_is_named(string setting)
    {
        var options = setting switch
        {
            nameof(HealthModelOptions.HalfLife) => HealthModelOptions.Default with { HalfLife = TimeSpan.Zero },
            nameof(HealthModelOptions.StaleAfter) => HealthModelOptions.Default with { StaleAfter = TimeSpan.FromDays(-1) },
            nameof(HealthModelOptions.NegativeWindow) => HealthModelOptions.Default with { NegativeWindow = TimeSpan.Zero },
            nameof(HealthModelOptions.LoyaltyWeight) => HealthModelOptions.Default with { LoyaltyWeight = -0.1 },
            nameof(HealthModelOptions.EffortWeight) => HealthModelOptions.Default with { EffortWeight = double.NaN },
            nameof(HealthModelOptions.NeutralScore) => HealthModelOptions.Default with { NeutralScore = 101 },
            _ => HealthModelOptions.Default with { PriorWeight = -1 },
        };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_weights_zero_is_rejected()
    {
        var options = HealthModelOptions.Default with { LoyaltyWeight = 0, SatisfactionWeight = 0, EffortWeight = 0, ServiceWeight = 0 };
        Assert.ThrowsAny<ArgumentException>(options.Validate);
    }
}
