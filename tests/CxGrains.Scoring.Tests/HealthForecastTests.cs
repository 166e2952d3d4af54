namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class HealthForecastTests
{
    private static readonly HealthModelOptions Options = HealthModelOptions.Default;
    private static readonly long Day = TimeSpan.TicksPerDay;
    private static readonly long Second = TimeSpan.TicksPerSecond;
    private static readonly long T0 = Generators.Epoch;

    [Fact]
    public void A_lone_detractor_leaves_critical_when_its_pull_has_decayed_to_the_at_risk_line()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Nps(0, T0), ServiceTarget.Default, Options);
        Assert.Equal(HealthBand.Critical, HealthModel.Figures(experience, T0, Options).Band);

        // Reference: score = 70 − 70·r, r = x / (x + 0.5), x = 2^(−t/30 d). It reaches 40 at r = 3/7, x = 0.375.
        var expected = T0 + (long)(30 * Day * Math.Log2(1 / 0.375));
        var forecast = HealthForecast.NextBandChange(experience, T0, Options);

        Assert.InRange(forecast, expected, expected + Second + 1);
        Assert.Equal(HealthBand.AtRisk, HealthModel.Figures(experience, forecast, Options).Band);
        Assert.Equal(HealthBand.Critical, HealthModel.Figures(experience, forecast - Second - 1, Options).Band);

        // Asked again later, before the change, the answer is the same moment.
        Assert.InRange(HealthForecast.NextBandChange(experience, T0 + (20 * Day), Options), expected, expected + Second + 1);
    }

    [Fact]
    public void A_component_going_stale_moves_the_band_at_that_tick()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Nps(0, T0), ServiceTarget.Default, Options);
        experience.Record(Interaction.Csat(5, T0 + (60 * Day)), ServiceTarget.Default, Options);
        var now = T0 + (60 * Day);
        Assert.Equal(HealthBand.AtRisk, HealthModel.Figures(experience, now, Options).Band);

        // Loyalty is stale from 90 days and one tick after its answer; satisfaction alone (≈ 85) is healthy.
        var forecast = HealthForecast.NextBandChange(experience, now, Options);

        Assert.Equal(T0 + (90 * Day) + 1, forecast);
        Assert.Equal(HealthBand.Healthy, HealthModel.Figures(experience, forecast, Options).Band);
        Assert.Equal(HealthBand.AtRisk, HealthModel.Figures(experience, forecast - 1, Options).Band);
    }

    [Fact]
    public void A_healthy_customer_fading_back_to_neutral_never_changes_band()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Nps(10, T0), ServiceTarget.Default, Options);

        // It nears 70 from above, and at 90 days falls back to exactly the neutral 70: still healthy.
        Assert.Equal(HealthForecast.Never, HealthForecast.NextBandChange(experience, T0, Options));
    }

    [Fact]
    public void Under_a_scorecard_with_its_own_thresholds_the_crossing_follows_them()
    {
        var strict = Options with { HealthyThreshold = 80, AtRiskThreshold = 60 };
        var experience = new CustomerExperience();
        experience.Record(Interaction.Nps(10, T0), ServiceTarget.Default, strict);

        // 70 + 30·r falls to 80 at r = 1/3: x = 0.25, two half-lives.
        var forecast = HealthForecast.NextBandChange(experience, T0, strict);

        Assert.InRange(forecast, T0 + (60 * Day), T0 + (60 * Day) + Second + 1);
        Assert.Equal(HealthBand.AtRisk, HealthModel.Figures(experience, forecast, strict).Band);
    }

    [Theory]
    [InlineData(MissingDataPolicy.Renormalize)]
    [InlineData(MissingDataPolicy.Neutral)]
    public void The_forecast_is_the_first_band_change_a_fine_scan_finds(MissingDataPolicy policy)
    {
        var options = Options with { MissingData = policy };
        var random = new Random(53);
        var checkedChanges = 0;
        for (var run = 0; run < 300; run++)
        {
            var experience = new CustomerExperience();
            foreach (var e in Generators.List(random, 12, T0, 100 * Day))
            {
                experience.Record(e, ServiceTarget.Default, options);
            }

            var now = T0 + (100 * Day) + random.NextInt64(20 * Day);
            var band = BandAt(experience, now, options);
            var forecast = HealthForecast.NextBandChange(experience, now, options);

            // Every scanned moment before the forecast (less its second of resolution) is still in today's band.
            var scanEnd = Math.Min(forecast - Second, now + (200 * Day));
            for (var t = now; t < scanEnd; t += Day / 24)
            {
                Assert.True(band == BandAt(experience, t, options), $"run {run}: band changed at {t} before the forecast {forecast}");
            }

            if (forecast != HealthForecast.Never)
            {
                Assert.NotEqual(band, BandAt(experience, forecast, options));
                checkedChanges++;
            }
        }

        Assert.True(checkedChanges > 30, $"only {checkedChanges} customers changed band");
    }

    // The band of the score rounded to 1e-9: a mean equal to the neutral score can come out a rounding error
    // below it, and a band flip in the last bit is noise, not decay.
    private static HealthBand BandAt(CustomerExperience experience, long at, HealthModelOptions options) =>
        options.BandOf(Math.Round(HealthModel.Figures(experience, at, options).Score, 9));

    [Fact]
    public void The_forecast_allocates_nothing()
    {
        var experience = new CustomerExperience();
        experience.Record(Interaction.Nps(0, T0), ServiceTarget.Default, Options);
        experience.Record(Interaction.Csat(5, T0 + Day), ServiceTarget.Default, Options);
        HealthForecast.NextBandChange(experience, T0 + Day, Options); // JIT before measuring

        var before = GC.GetAllocatedBytesForCurrentThread();
        HealthForecast.NextBandChange(experience, T0 + Day, Options);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
