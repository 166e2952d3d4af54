using CxGrains.Contracts.V1;
using CxGrains.TestSupport;

namespace CxGrains.Host.Tests;

/// <summary>
/// Touchpoint and segment metrics, over gRPC and JSON, equal a reference computed here straight
/// from the DESIGN.md §1 definitions over the events sent.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ReferenceMetricsTests(HostFixture host)
{
    private const double Tolerance = 1e-6;
    private const int EventCount = 400;

    [Fact]
    public async Task Touchpoint_and_segment_metrics_match_the_reference()
    {
        var touchpoint = TestEvents.UniqueId("tp-reference");
        var region = $"ref-{Guid.NewGuid():N}";
        var segment = $"region={region}";
        var events = RandomEvents(new Random(20240611), touchpoint, region);

        foreach (var chunk in events.Chunk(100))
        {
            var ack = await host.Ingest.SubmitAsync(TestEvents.Batch(chunk), HostFixture.Key(host.IngestKey));
            Assert.Empty(ack.Rejected);
            Assert.Equal(chunk.Length, ack.Accepted);
        }

        var tpView = await Eventually.ValueAsync(() => host.FindTouchpointAsync(touchpoint), v => v?.Metrics.Events >= EventCount, "touchpoint counts every event");
        var segView = await Eventually.ValueAsync(() => host.FindSegmentAsync(segment), v => v?.Metrics.Events >= EventCount, "segment counts every event");
        var tpJson = await host.GetJsonAsync<TouchpointView>($"/v1/touchpoints/{Uri.EscapeDataString(touchpoint)}?window=ONE_HOUR", host.ReaderKey);
        var segJson = await host.GetJsonAsync<SegmentView>($"/v1/segments/{Uri.EscapeDataString(segment)}?window=ONE_HOUR", host.ReaderKey);

        Assert.Equal(Window.OneHour, tpView!.Window);
        Assert.Equal(touchpoint, tpJson.TouchpointId);
        Assert.Equal(segment, segJson.SegmentKey);
        var targetWait = tpView.TargetWaitSeconds;
        Assert.True(targetWait > 0);
        var expected = Reference.Of(events, targetWait);
        AssertMetrics(expected, tpView.Metrics);
        AssertMetrics(expected, segView!.Metrics);
        AssertMetrics(expected, tpJson.Metrics);
        AssertMetrics(expected, segJson.Metrics);
    }

    private static List<InteractionEvent> RandomEvents(Random random, string touchpoint, string region)
    {
        var customers = Enumerable.Range(0, 25).Select(i => TestEvents.UniqueId($"c-ref{i}")).ToList();
        var attributes = new Dictionary<string, string> { ["region"] = region };
        var now = DateTimeOffset.UtcNow;
        var events = new List<InteractionEvent>(EventCount);
        for (var i = 0; i < EventCount; i++)
        {
            // Inside the last 40 minutes: within the one-hour window whatever the bucket edges.
            var at = now.AddSeconds(-random.Next(1, 40 * 60));
            Action<InteractionEvent> payload = random.Next(4) switch
            {
                0 => e => e.Nps = new NpsResponse { Score = random.Next(0, 11) },
                1 => e => e.Csat = new CsatResponse { Score = random.Next(1, 6) },
                2 => e => e.Ces = new CesResponse { Score = random.Next(1, 8) },

                // Waits end in .25 so none equals a whole-second target: "within" needs no tie rule.
                _ => e => e.Contact = new Contact
                {
                    WaitSeconds = random.Next(0, 300) + 0.25,
                    HandleSeconds = random.Next(30, 900) + 0.5,
                    Resolved = random.Next(10) < 7,
                    FirstContact = random.Next(10) < 8,
                    Transfers = random.Next(0, 3),
                    Abandoned = random.Next(6) == 0,
                    Sentiment = Math.Round((random.NextDouble() * 2) - 1, 2),
                },
            };
            events.Add(TestEvents.With(customers[random.Next(customers.Count)], touchpoint, at, attributes, payload));
        }

        return events;
    }

    private static void AssertMetrics(Reference expected, Metrics actual)
    {
        Assert.Equal(expected.Events, actual.Events);

        Assert.Equal(expected.Promoters, actual.Nps.Promoters);
        Assert.Equal(expected.Passives, actual.Nps.Passives);
        Assert.Equal(expected.Detractors, actual.Nps.Detractors);
        Assert.Equal(expected.NpsResponses, actual.Nps.Responses);
        Assert.Equal(expected.NpsScore, actual.Nps.Score, Tolerance);
        Assert.Equal(expected.NpsResponses >= 30, actual.Nps.Reliable);

        Assert.Equal(expected.CsatResponses, actual.Csat.Responses);
        Assert.Equal(expected.CsatTop2Percent, actual.Csat.Top2Percent, Tolerance);
        Assert.Equal(expected.CsatMean, actual.Csat.Mean, Tolerance);

        Assert.Equal(expected.CesResponses, actual.Ces.Responses);
        Assert.Equal(expected.CesMean, actual.Ces.Mean, Tolerance);
        Assert.Equal(expected.CesEasyPercent, actual.Ces.EasyPercent, Tolerance);

        Assert.Equal(expected.Contacts, actual.Contacts.Count);
        Assert.Equal(expected.Abandoned, actual.Contacts.Abandoned);
        Assert.Equal(expected.FcrPercent, actual.Contacts.FcrPercent, Tolerance);
        Assert.Equal(expected.AbandonPercent, actual.Contacts.AbandonPercent, Tolerance);
        Assert.Equal(expected.MeanWaitSeconds, actual.Contacts.MeanWaitSeconds, Tolerance);
        Assert.Equal(expected.AsaSeconds, actual.Contacts.AsaSeconds, Tolerance);
        Assert.Equal(expected.MeanHandleSeconds, actual.Contacts.MeanHandleSeconds, Tolerance);
        Assert.Equal(expected.ServiceLevelPercent, actual.Contacts.ServiceLevelPercent, Tolerance);
    }

    /// <summary>DESIGN.md §1, written out over the raw events.</summary>
    private sealed record Reference(
        long Events,
        long Promoters,
        long Passives,
        long Detractors,
        long NpsResponses,
        double NpsScore,
        long CsatResponses,
        double CsatTop2Percent,
        double CsatMean,
        long CesResponses,
        double CesMean,
        double CesEasyPercent,
        long Contacts,
        long Abandoned,
        double FcrPercent,
        double AbandonPercent,
        double MeanWaitSeconds,
        double AsaSeconds,
        double MeanHandleSeconds,
        double ServiceLevelPercent)
    {
        public static Reference Of(List<InteractionEvent> events, double targetWaitSeconds)
        {
            var nps = events.Where(e => e.PayloadCase == InteractionEvent.PayloadOneofCase.Nps).Select(e => e.Nps.Score).ToList();
            var csat = events.Where(e => e.PayloadCase == InteractionEvent.PayloadOneofCase.Csat).Select(e => e.Csat.Score).ToList();
            var ces = events.Where(e => e.PayloadCase == InteractionEvent.PayloadOneofCase.Ces).Select(e => e.Ces.Score).ToList();
            var contacts = events.Where(e => e.PayloadCase == InteractionEvent.PayloadOneofCase.Contact).Select(e => e.Contact).ToList();
            var answered = contacts.Where(c => !c.Abandoned).ToList();
            Assert.True(nps.Count > 30 && csat.Count > 30 && ces.Count > 30 && answered.Count > 30 && contacts.Count > answered.Count,
                "the sample must exercise every metric");

            var promoters = nps.Count(s => s >= 9);
            var detractors = nps.Count(s => s <= 6);
            return new Reference(
                Events: events.Count,
                Promoters: promoters,
                Passives: nps.Count(s => s is 7 or 8),
                Detractors: detractors,
                NpsResponses: nps.Count,
                NpsScore: (100.0 * promoters / nps.Count) - (100.0 * detractors / nps.Count),
                CsatResponses: csat.Count,
                CsatTop2Percent: 100.0 * csat.Count(s => s >= 4) / csat.Count,
                CsatMean: csat.Average(),
                CesResponses: ces.Count,
                CesMean: ces.Average(),
                CesEasyPercent: 100.0 * ces.Count(s => s >= 5) / ces.Count,
                Contacts: contacts.Count,
                Abandoned: contacts.Count - answered.Count,
                FcrPercent: 100.0 * answered.Count(c => c.Resolved && c.FirstContact) / answered.Count,
                AbandonPercent: 100.0 * (contacts.Count - answered.Count) / contacts.Count,
                MeanWaitSeconds: contacts.Average(c => c.WaitSeconds),
                AsaSeconds: answered.Average(c => c.WaitSeconds),
                MeanHandleSeconds: answered.Average(c => c.HandleSeconds),
                ServiceLevelPercent: 100.0 * answered.Count(c => c.WaitSeconds <= targetWaitSeconds) / contacts.Count);
        }
    }
}
