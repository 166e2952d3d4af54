using CxGrains.Contracts.V1;
using CxGrains.TestSupport;

namespace CxGrains.Host.Tests;

/// <summary>Health bands count customers, so only segments made of customer attributes have them.</summary>
[Collection(HostCollection.Name)]
public sealed class SegmentViewTests(HostFixture host)
{
    [Fact]
    public async Task A_channel_segment_counts_events_without_health_bands_and_an_attribute_segment_has_them()
    {
        var region = TestEvents.UniqueId("r").Replace("-", "", StringComparison.Ordinal);
        var touchpoint = TestEvents.UniqueId("tp-bands");
        var e = TestEvents.With(TestEvents.UniqueId("c-bands"), touchpoint, DateTimeOffset.UtcNow.AddMinutes(-1),
            new Dictionary<string, string> { ["region"] = region }, e => e.Csat = new CsatResponse { Score = 1 });
        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch([e]), HostFixture.Key(host.IngestKey));
        Assert.Equal(1, ack.Accepted);

        var byRegion = await Eventually.ValueAsync(() => host.FindSegmentAsync($"region={region}"), s => s?.Health?.Healthy + s?.Health?.AtRisk + s?.Health?.Critical == 1, "the region segment counts its customer in a band");
        Assert.Equal(byRegion!.Health.AtRisk + byRegion.Health.Critical, byRegion.AtRiskCustomers);

        var byChannel = await Eventually.ValueAsync(() => host.FindSegmentAsync("channel=PHONE"), s => s?.Metrics.Events >= 1, "the channel segment counts the event");
        Assert.Null(byChannel!.Health);
        Assert.Equal(0, byChannel.AtRiskCustomers);

        var json = await host.GetJsonAsync<SegmentView>("/v1/segments/channel%3DPHONE", host.ReaderKey);
        Assert.Null(json.Health);
    }
}
