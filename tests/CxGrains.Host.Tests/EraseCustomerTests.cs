using System.Net;
using CxGrains.Contracts.V1;
using CxGrains.TestSupport;
using Grpc.Core;

namespace CxGrains.Host.Tests;

/// <summary>EraseCustomer removes every trace of a customer at once, at-risk entries included.</summary>
[Collection(HostCollection.Name)]
public sealed class EraseCustomerTests(HostFixture host)
{
    [Fact]
    public async Task Erased_critical_customer_disappears_from_queries_and_at_risk_list()
    {
        var region = $"erase-{Guid.NewGuid():N}";
        var segment = $"region={region}";
        var erased = TestEvents.UniqueId("c-erase");
        var kept = TestEvents.UniqueId("c-keep");
        await MakeCriticalAsync(erased, region);
        await MakeCriticalAsync(kept, region);

        foreach (var customer in new[] { erased, kept })
        {
            var view = await host.FindCustomerAsync(customer);
            Assert.NotNull(view);
            Assert.Equal(HealthBand.Critical, view.Band);
            Assert.Equal("gold", view.ValueTier);
        }

        await Eventually.ValueAsync(() => ListAtRiskAsync(segment), ids => ids.Contains(erased) && ids.Contains(kept), "both customers listed at risk");
        await Eventually.ValueAsync(() => host.FindSegmentAsync(segment), s => s?.Health.Critical == 2, "segment counts two critical customers");

        var response = await host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = erased }, HostFixture.Key(host.AdminKey));

        Assert.Equal(erased, response.CustomerId);
        Assert.True(response.Erased);
        var notFound = await Assert.ThrowsAsync<RpcException>(() => host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = erased }, HostFixture.Key(host.ReaderKey)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Get, $"/v1/customers/{erased}", host.ReaderKey));

        // Immediately, not after a flush: no polling from here on.
        Assert.Equal([kept], await ListAtRiskAsync(segment));
        var after = await host.FindSegmentAsync(segment);
        Assert.NotNull(after);
        Assert.Equal(1, after.Health.Critical);
        Assert.Equal(1, after.AtRiskCustomers);
        Assert.NotNull(await host.FindCustomerAsync(kept));

        var again = await Assert.ThrowsAsync<RpcException>(() => host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = erased }, HostFixture.Key(host.AdminKey)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Erasing_an_unknown_customer_is_not_found()
    {
        var unknown = TestEvents.UniqueId("c-unknown");

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = unknown }, HostFixture.Key(host.AdminKey)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Delete, $"/v1/customers/{unknown}", host.AdminKey));
    }

    [Fact]
    public async Task Erase_over_json_answers_with_the_erased_id()
    {
        var customer = TestEvents.UniqueId("c-erase-json");
        await host.Ingest.SubmitAsync(TestEvents.Batch([TestEvents.Valid(customer, TestEvents.UniqueId("tp-erase-json"))]), HostFixture.Key(host.IngestKey));

        using var request = HostFixture.Request(HttpMethod.Delete, $"/v1/customers/{customer}", host.AdminKey);
        using var response = await host.Http.SendAsync(request);
        var body = Google.Protobuf.JsonParser.Default.Parse<EraseCustomerResponse>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(customer, body.CustomerId);
        Assert.True(body.Erased);
        Assert.Null(await host.FindCustomerAsync(customer));
    }

    // Detractor answers, poor CSAT and effort, abandoned long waits and severe complaints.
    private async Task MakeCriticalAsync(string customerId, string region)
    {
        var attributes = new Dictionary<string, string> { ["tier"] = "gold", ["region"] = region };
        var touchpoint = TestEvents.UniqueId("tp-erase");
        var now = DateTimeOffset.UtcNow;
        var payloads = new List<Action<InteractionEvent>>();
        payloads.AddRange(Enumerable.Repeat<Action<InteractionEvent>>(e => e.Nps = new NpsResponse { Score = 0 }, 4));
        payloads.AddRange(Enumerable.Repeat<Action<InteractionEvent>>(e => e.Csat = new CsatResponse { Score = 1 }, 3));
        payloads.AddRange(Enumerable.Repeat<Action<InteractionEvent>>(e => e.Ces = new CesResponse { Score = 1 }, 2));
        payloads.AddRange(Enumerable.Repeat<Action<InteractionEvent>>(e => e.Contact = new Contact { WaitSeconds = 900, Abandoned = true, Sentiment = -1 }, 3));
        payloads.AddRange(Enumerable.Repeat<Action<InteractionEvent>>(e => e.Complaint = new Complaint { Category = "billing", Severity = 3 }, 3));
        var events = payloads.Select((p, i) => TestEvents.With(customerId, touchpoint, now.AddMinutes(-payloads.Count + i), attributes, p));

        var ack = await host.Ingest.SubmitAsync(TestEvents.Batch(events), HostFixture.Key(host.IngestKey));

        Assert.Empty(ack.Rejected);
        Assert.Equal(payloads.Count, ack.Accepted);
    }

    private async Task<List<string>> ListAtRiskAsync(string segment)
    {
        var response = await host.Query.ListAtRiskAsync(new ListAtRiskRequest { SegmentKey = segment, Limit = 100 }, HostFixture.Key(host.ReaderKey));
        return [.. response.Customers.Select(c => c.CustomerId)];
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string key)
    {
        using var request = HostFixture.Request(method, path, key);
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }
}
