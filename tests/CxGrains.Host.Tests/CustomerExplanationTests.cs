using CxGrains.Contracts.V1;

namespace CxGrains.Host.Tests;

/// <summary>A customer view explains its health: each component's score, weight and the points it contributes.</summary>
[Collection(HostCollection.Name)]
public sealed class CustomerExplanationTests(HostFixture host)
{
    [Fact]
    public async Task Each_component_contributes_score_times_weight_and_the_contributions_sum_to_the_health_score()
    {
        var customer = TestEvents.UniqueId("c-explain");
        var touchpoint = TestEvents.UniqueId("tp-explain");
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var events = new[]
        {
            TestEvents.With(customer, touchpoint, at, null, e => e.Nps = new NpsResponse { Score = 9 }),
            TestEvents.With(customer, touchpoint, at, null, e => e.Csat = new CsatResponse { Score = 2 }),
            TestEvents.With(customer, touchpoint, at, null, e => e.Ces = new CesResponse { Score = 6 }),
        };
        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch(events), HostFixture.Key(host.IngestKey));
        Assert.Equal(3, ack.Accepted);

        var grpc = await host.FindCustomerAsync(customer);
        var json = await host.GetJsonAsync<CustomerView>($"/v1/customers/{customer}", host.ReaderKey);

        foreach (var view in new[] { grpc!, json })
        {
            Assert.Equal(["loyalty", "satisfaction", "effort"], view.Components.Select(c => c.Name));
            Assert.All(view.Components, c => Assert.Equal(c.Score * c.Weight, c.Contribution, 9));
            Assert.Equal(view.HealthScore, view.Components.Sum(c => c.Contribution), 6);

            // A good NPS and a poor CSAT pull apart: loyalty gives more points than satisfaction.
            Assert.True(view.Components[0].Contribution > view.Components[1].Contribution);
        }
    }
}
