using CxGrains.Contracts.V1;
using Grpc.Core;

namespace CxGrains.Host.Query;

/// <summary>What a health override request must satisfy; each broken rule has its own INVALID_ARGUMENT message.</summary>
internal static class HealthOverrideRules
{
    /// <summary>Longest reason kept with an override, in characters.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Longest an override may last: the history's span, so no override outlives what the history can show.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    /// <summary>Throws INVALID_ARGUMENT naming the first rule <paramref name="request"/> breaks at <paramref name="now"/>.</summary>
    public static void Check(SetHealthOverrideRequest request, DateTimeOffset now)
    {
        switch (request.ValueCase)
        {
            case SetHealthOverrideRequest.ValueOneofCase.None:
                throw Invalid("set either health_score or band.");
            case SetHealthOverrideRequest.ValueOneofCase.HealthScore when !(request.HealthScore is >= 0 and <= 100):
                throw Invalid($"health_score must be 0–100, not {request.HealthScore}.");
            case SetHealthOverrideRequest.ValueOneofCase.Band when request.Band is not (HealthBand.Healthy or HealthBand.AtRisk or HealthBand.Critical):
                throw Invalid("band must be HEALTHY, AT_RISK or CRITICAL.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw Invalid("reason is required: say why the computed health is overridden.");
        }

        if (request.Reason.Length > MaxReasonLength)
        {
            throw Invalid($"reason must be at most {MaxReasonLength} characters.");
        }

        if (request.ExpiresAt is null)
        {
            throw Invalid("expires_at is required: an override ends by itself.");
        }

        var expires = request.ExpiresAt.ToDateTimeOffset();
        if (expires <= now)
        {
            throw Invalid($"expires_at must be in the future (now is {now:O}).");
        }

        if (expires > now + MaxDuration)
        {
            throw Invalid($"expires_at must be at most {MaxDuration.TotalDays:0} days ahead (until {now + MaxDuration:O}).");
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
