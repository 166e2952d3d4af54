using CxGrains.Abstractions;
using CxGrains.Contracts.V1;
using CxGrains.Host.Security;
using CxGrains.Scoring;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Query;

/// <summary>The query API over gRPC; JSON transcoding serves the same methods over HTTP.</summary>
[Authorize(Policy = ApiKeyPolicies.Reader)]
public sealed partial class QueryGrpcService(
    IGrainFactory grains,
    IOptions<QueryOptions> options,
    TimeProvider time,
    ILogger<QueryGrpcService> logger) : QueryService.QueryServiceBase
{
    private const int DefaultAtRiskLimit = 50;
    private const int MaxAtRiskLimit = 1000;
    private const int MaxIdLength = 128;

    // The JSON routes of protos/cx/v1/query.proto, up to the id.
    private const string CustomerRoute = "/v1/customers/";
    private const string TouchpointRoute = "/v1/touchpoints/";
    private const string SegmentRoute = "/v1/segments/";

    private readonly int _minimumResponses = options.Value.MinimumResponses;

    /// <inheritdoc />
    public override async Task<CustomerView> GetCustomer(GetCustomerRequest request, ServerCallContext context)
    {
        request.CustomerId = RouteIds.Resolve(context, request.CustomerId, CustomerRoute);
        RequireId(request.CustomerId, "customer_id");
        var snapshot = await grains.GetGrainOf<ICustomerGrain>(request.CustomerId).GetSnapshot()
            ?? throw NotFound($"customer '{request.CustomerId}' is unknown.");
        return ViewMapper.ToCustomerView(snapshot);
    }

    /// <inheritdoc />
    public override async Task<CustomerHistory> GetCustomerHistory(GetCustomerHistoryRequest request, ServerCallContext context)
    {
        request.CustomerId = RouteIds.Resolve(context, request.CustomerId, CustomerRoute);
        RequireId(request.CustomerId, "customer_id");
        var points = await grains.GetGrainOf<ICustomerGrain>(request.CustomerId).GetHistory()
            ?? throw NotFound($"customer '{request.CustomerId}' is unknown.");
        return ViewMapper.ToCustomerHistory(request.CustomerId, points);
    }

    /// <inheritdoc />
    [Authorize(Policy = ApiKeyPolicies.Admin)]
    public override async Task<CustomerView> SetHealthOverride(SetHealthOverrideRequest request, ServerCallContext context)
    {
        request.CustomerId = RouteIds.Resolve(context, request.CustomerId, CustomerRoute);
        RequireId(request.CustomerId, "customer_id");
        var now = time.GetUtcNow();
        HealthOverrideRules.Check(request, now);

        var caller = ApiKeyPolicies.CallerName(context.GetHttpContext().User);
        var expiresAt = request.ExpiresAt.ToDateTimeOffset();
        var healthOverride = new Abstractions.HealthOverride
        {
            Score = request.ValueCase == SetHealthOverrideRequest.ValueOneofCase.HealthScore ? request.HealthScore : null,
            Band = request.ValueCase == SetHealthOverrideRequest.ValueOneofCase.Band ? ViewMapper.ToScoringBand(request.Band) : null,
            Reason = request.Reason.Trim(),
            SetBy = caller,
            SetAtTicks = now.UtcTicks,
            ExpiresAtTicks = expiresAt.UtcTicks,
        };
        var snapshot = await grains.GetGrainOf<ICustomerGrain>(request.CustomerId).SetHealthOverride(healthOverride)
            ?? throw NotFound($"customer '{request.CustomerId}' is unknown.");
        LogOverrideSet(logger, caller, expiresAt, healthOverride.Reason);
        return ViewMapper.ToCustomerView(snapshot);
    }

    /// <inheritdoc />
    [Authorize(Policy = ApiKeyPolicies.Admin)]
    public override async Task<CustomerView> ClearHealthOverride(ClearHealthOverrideRequest request, ServerCallContext context)
    {
        request.CustomerId = RouteIds.Resolve(context, request.CustomerId, CustomerRoute);
        RequireId(request.CustomerId, "customer_id");
        var snapshot = await grains.GetGrainOf<ICustomerGrain>(request.CustomerId).ClearHealthOverride()
            ?? throw NotFound($"customer '{request.CustomerId}' is unknown.");
        var caller = ApiKeyPolicies.CallerName(context.GetHttpContext().User);
        LogOverrideCleared(logger, caller);
        return ViewMapper.ToCustomerView(snapshot);
    }

    /// <inheritdoc />
    public override async Task<TouchpointView> GetTouchpoint(GetTouchpointRequest request, ServerCallContext context)
    {
        request.TouchpointId = RouteIds.Resolve(context, request.TouchpointId, TouchpointRoute);
        RequireId(request.TouchpointId, "touchpoint_id");
        var snapshot = await grains.GetGrain<ITouchpointGrain>(request.TouchpointId).GetSnapshot(Window(request.Window))
            ?? throw NotFound($"touchpoint '{request.TouchpointId}' has not seen any event.");
        return ViewMapper.ToTouchpointView(snapshot, _minimumResponses);
    }

    /// <inheritdoc />
    public override async Task<SegmentView> GetSegment(GetSegmentRequest request, ServerCallContext context)
    {
        request.SegmentKey = RouteIds.Resolve(context, request.SegmentKey, SegmentRoute);
        RequireSegmentKey(request.SegmentKey);
        var window = Window(request.Window);
        var snapshot = await grains.GetGrain<ISegmentGrain>(request.SegmentKey).GetSnapshot(window)
            ?? throw NotFound($"segment '{request.SegmentKey}' has not seen any event.");
        return ViewMapper.ToSegmentView(snapshot, _minimumResponses);
    }

    /// <inheritdoc />
    public override async Task<ListAtRiskResponse> ListAtRisk(ListAtRiskRequest request, ServerCallContext context)
    {
        request.SegmentKey = RouteIds.Resolve(context, request.SegmentKey, SegmentRoute);
        RequireSegmentKey(request.SegmentKey);
        if (request.Limit is < 0 or > MaxAtRiskLimit)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"limit must be 1–{MaxAtRiskLimit}, or 0 for {DefaultAtRiskLimit}."));
        }

        var entries = await grains.GetGrain<ISegmentGrain>(request.SegmentKey).ListAtRisk(request.Limit == 0 ? DefaultAtRiskLimit : request.Limit);
        var response = new ListAtRiskResponse { SegmentKey = request.SegmentKey };
        response.Customers.AddRange(entries.Select(ViewMapper.ToAtRiskCustomer));
        return response;
    }

    /// <inheritdoc />
    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var alerts = await grains.GetGrain<IAlertGrain>(AlertGrainKeys.Cluster).List(request.ActiveOnly);
        var response = new ListAlertsResponse();
        response.Alerts.AddRange(alerts.Select(ViewMapper.ToAlert));
        return response;
    }

    /// <inheritdoc />
    [Authorize(Policy = ApiKeyPolicies.Admin)]
    public override async Task<EraseCustomerResponse> EraseCustomer(EraseCustomerRequest request, ServerCallContext context)
    {
        request.CustomerId = RouteIds.Resolve(context, request.CustomerId, CustomerRoute);
        RequireId(request.CustomerId, "customer_id");
        var erased = await grains.GetGrain<ICustomerGrain>(request.CustomerId).Erase();
        if (!erased)
        {
            throw NotFound($"customer '{request.CustomerId}' is unknown.");
        }

        var caller = ApiKeyPolicies.CallerName(context.GetHttpContext().User);
        LogErased(logger, caller);
        return new EraseCustomerResponse { CustomerId = request.CustomerId, Erased = true };
    }

    private static WindowKind Window(Window window) =>
        Enum.IsDefined(window)
            ? ViewMapper.ToWindowKind(window)
            : throw new RpcException(new Status(StatusCode.InvalidArgument, "window must be ONE_MINUTE, FIFTEEN_MINUTES, ONE_HOUR or ONE_DAY."));

    private static void RequireId(string id, string field)
    {
        if (id.Length == 0 || id.Length > MaxIdLength)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} must be 1–{MaxIdLength} characters."));
        }
    }

    private static void RequireSegmentKey(string key)
    {
        if (!SegmentKeyPlanner.TryParse(key, out _, out var error))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"segment_key '{key}' is not canonical: {error} Use e.g. 'all', 'region=EU' or 'channel=PHONE|tier=gold' (dimensions sorted by name)."));
        }
    }

    private static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));

    // The audit trail of overrides: who and why, never the customer's data or the key.
    [LoggerMessage(Level = LogLevel.Information, Message = "Customer health override set by {Caller} until {ExpiresAt:O}: {Reason}")]
    private static partial void LogOverrideSet(ILogger logger, string caller, DateTimeOffset expiresAt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer health override cleared by {Caller}")]
    private static partial void LogOverrideCleared(ILogger logger, string caller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer erased on request of {Caller}")]
    private static partial void LogErased(ILogger logger, string caller);
}
