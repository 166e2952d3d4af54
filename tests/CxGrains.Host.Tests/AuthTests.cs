using System.Net;
using CxGrains.Contracts.V1;
using Grpc.Core;

namespace CxGrains.Host.Tests;

/// <summary>API keys: who may ingest, read and erase, over gRPC and JSON; keys never reach the logs.</summary>
[Collection(HostCollection.Name)]
public sealed class AuthTests(HostFixture host)
{
    private readonly string _wrongKey = $"wrong-{Guid.NewGuid():N}";

    [Fact]
    public async Task Calls_without_a_key_or_with_a_wrong_key_are_unauthenticated()
    {
        foreach (var headers in new[] { new Metadata(), HostFixture.Key(_wrongKey) })
        {
            await AssertStatusAsync(StatusCode.Unauthenticated, () => host.Ingest.SubmitAsync(SmallBatch(), headers).ResponseAsync);
            await AssertStatusAsync(StatusCode.Unauthenticated, () => StreamOneAsync(SmallBatch(), headers));
            await AssertStatusAsync(StatusCode.Unauthenticated, () => host.Query.ListAlertsAsync(new ListAlertsRequest(), headers).ResponseAsync);
            await AssertStatusAsync(StatusCode.Unauthenticated,
                () => host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = "c" }, headers).ResponseAsync);
        }

        foreach (var key in new[] { null, _wrongKey })
        {
            await AssertHttpAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/v1/events:batch", key, SmallBatch());
            await AssertHttpAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/v1/alerts", key);
            await AssertHttpAsync(HttpStatusCode.Unauthorized, HttpMethod.Delete, "/v1/customers/c", key);
        }
    }

    [Fact]
    public async Task A_bearer_key_is_accepted()
    {
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/v1/alerts");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.ReaderKey);
        using var response = await host.Http.SendAsync(bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reader_key_cannot_ingest()
    {
        var batch = SmallBatch();

        await AssertStatusAsync(StatusCode.PermissionDenied, () => host.Ingest.SubmitAsync(batch, HostFixture.Key(host.ReaderKey)).ResponseAsync);
        await AssertStatusAsync(StatusCode.PermissionDenied, () => StreamOneAsync(batch, HostFixture.Key(host.ReaderKey)));
        await AssertHttpAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/v1/events:batch", host.ReaderKey, batch);
        Assert.Null(await host.FindCustomerAsync(batch.Events[0].CustomerId));
    }

    [Fact]
    public async Task Ingest_key_cannot_query_or_erase()
    {
        var customer = await IngestCustomerAsync();
        var ingest = HostFixture.Key(host.IngestKey);

        await AssertStatusAsync(StatusCode.PermissionDenied, () => host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = customer }, ingest).ResponseAsync);
        await AssertStatusAsync(StatusCode.PermissionDenied, () => host.Query.ListAlertsAsync(new ListAlertsRequest(), ingest).ResponseAsync);
        await AssertStatusAsync(StatusCode.PermissionDenied,
            () => host.Query.ListAtRiskAsync(new ListAtRiskRequest { SegmentKey = "all" }, ingest).ResponseAsync);
        await AssertStatusAsync(StatusCode.PermissionDenied, () => host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = customer }, ingest).ResponseAsync);
        await AssertHttpAsync(HttpStatusCode.Forbidden, HttpMethod.Get, $"/v1/customers/{customer}", host.IngestKey);
        await AssertHttpAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "/v1/alerts", host.IngestKey);
        await AssertHttpAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, $"/v1/customers/{customer}", host.IngestKey);
        Assert.NotNull(await host.FindCustomerAsync(customer));
    }

    [Fact]
    public async Task Reader_key_can_query_but_not_erase()
    {
        var customer = await IngestCustomerAsync();
        var reader = HostFixture.Key(host.ReaderKey);

        var view = await host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = customer }, reader);
        Assert.Equal(customer, view.CustomerId);
        await AssertStatusAsync(StatusCode.PermissionDenied, () => host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = customer }, reader).ResponseAsync);
        await AssertHttpAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, $"/v1/customers/{customer}", host.ReaderKey);
        Assert.NotNull(await host.FindCustomerAsync(customer));
    }

    [Fact]
    public async Task Admin_key_can_query_and_erase()
    {
        var viaGrpc = await IngestCustomerAsync();
        var viaJson = await IngestCustomerAsync();
        var admin = HostFixture.Key(host.AdminKey);

        Assert.Equal(viaGrpc, (await host.Query.GetCustomerAsync(new GetCustomerRequest { CustomerId = viaGrpc }, admin)).CustomerId);
        await host.Query.ListAlertsAsync(new ListAlertsRequest(), admin);
        Assert.Equal(viaJson, (await host.GetJsonAsync<CustomerView>($"/v1/customers/{viaJson}", host.AdminKey)).CustomerId);

        var erased = await host.Query.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = viaGrpc }, admin);
        Assert.True(erased.Erased);
        await AssertHttpAsync(HttpStatusCode.OK, HttpMethod.Delete, $"/v1/customers/{viaJson}", host.AdminKey);
        Assert.Null(await host.FindCustomerAsync(viaGrpc));
        Assert.Null(await host.FindCustomerAsync(viaJson));
        Assert.NotEmpty(host.Logs.Containing(HostFixture.AdminName));
    }

    [Fact]
    public async Task Keys_never_reach_the_logs()
    {
        var marker = $"wrong-{Guid.NewGuid():N}";
        await AssertStatusAsync(StatusCode.Unauthenticated, () => host.Ingest.SubmitAsync(SmallBatch(), HostFixture.Key(marker)).ResponseAsync);
        await AssertHttpAsync(HttpStatusCode.Unauthorized, HttpMethod.Get, "/v1/alerts", marker);
        await IngestCustomerAsync();
        await host.Query.ListAlertsAsync(new ListAlertsRequest(), HostFixture.Key(host.ReaderKey));

        // The capture must see authentication failures, or the absence of keys below proves nothing.
        Assert.NotEmpty(host.Logs.Containing("Unknown API key"));
        foreach (var key in host.AllKeys.Append(marker))
        {
            var hits = host.Logs.Containing(key);
            Assert.True(hits.Count == 0, $"A key appeared in {hits.Count} log entries, e.g.: {(hits.Count > 0 ? hits[0] : "").Replace(key, "<key>", StringComparison.Ordinal)}");
        }
    }

    private async Task<string> IngestCustomerAsync()
    {
        var batch = SmallBatch();
        var ack = await host.Ingest.SubmitAsync(batch, HostFixture.Key(host.IngestKey));
        Assert.Equal(1, ack.Accepted);
        return batch.Events[0].CustomerId;
    }

    private static EventBatch SmallBatch() =>
        TestEvents.Batch([TestEvents.Valid(TestEvents.UniqueId("c-auth"), TestEvents.UniqueId("tp-auth"))]);

    private async Task StreamOneAsync(EventBatch batch, Metadata headers)
    {
        using var call = host.Ingest.Stream(headers);
        try
        {
            await call.RequestStream.WriteAsync(batch);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // Refused before the write finished; the status is read below.
        }

        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static async Task AssertStatusAsync(StatusCode expected, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, ex.StatusCode);
    }

    private async Task AssertHttpAsync(HttpStatusCode expected, HttpMethod method, string path, string? key, Google.Protobuf.IMessage? body = null)
    {
        using var request = HostFixture.Request(method, path, key, body);
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }
}
