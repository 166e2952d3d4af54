using CxGrains.Abstractions.Recompute;
using CxGrains.Contracts.V1;
using CxGrains.Host.Security;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace CxGrains.Host.Admin;

/// <summary>Cluster-wide administration over gRPC; JSON transcoding serves the same methods over HTTP.</summary>
[Authorize(Policy = ApiKeyPolicies.Admin)]
public sealed partial class AdminGrpcService(
    IGrainFactory grains,
    TimeProvider time,
    ILogger<AdminGrpcService> logger) : AdminService.AdminServiceBase
{
    /// <inheritdoc />
    public override async Task<StartRecomputeResponse> StartRecompute(StartRecomputeRequest request, ServerCallContext context)
    {
        if (request.From is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "from is required: customers journaled at or after it are rebuilt."));
        }

        DateTimeOffset from;
        try
        {
            from = request.From.ToDateTimeOffset();
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"from is not a valid time: {ex.Message}"));
        }

        if (from > time.GetUtcNow())
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"from ({from:o}) is in the future: nothing was journaled after it yet."));
        }

        var start = await grains.GetGrain<IRecomputeGrain>(RecomputeGrainKeys.Cluster).Start(from.UtcTicks);
        if (start.Run is not { } run)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, start.Refusal ?? "recompute cannot run on this cluster."));
        }

        if (!start.AlreadyRunning)
        {
            var caller = ApiKeyPolicies.CallerName(context.GetHttpContext().User);
            LogStarted(logger, run.RunId, from, caller);
        }

        return new StartRecomputeResponse { Run = ToRun(run), AlreadyRunning = start.AlreadyRunning };
    }

    /// <inheritdoc />
    public override async Task<RecomputeRun> GetRecompute(GetRecomputeRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.RecomputeId, out var runId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"recompute_id '{request.RecomputeId}' is not a run id (a GUID as StartRecompute returns it)."));
        }

        var run = await grains.GetGrain<IRecomputeGrain>(RecomputeGrainKeys.Cluster).Get(runId)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"recompute run '{runId}' is unknown (the cluster keeps its last 20 runs)."));
        return ToRun(run);
    }

    private RecomputeRun ToRun(RecomputeStatus status)
    {
        var run = new RecomputeRun
        {
            RecomputeId = status.RunId.ToString(),
            From = Timestamp.FromDateTimeOffset(new DateTimeOffset(status.FromTicks, TimeSpan.Zero)),
            State = status.State switch
            {
                CxGrains.Abstractions.Recompute.RecomputeState.Running => Contracts.V1.RecomputeState.RecomputeRunning,
                CxGrains.Abstractions.Recompute.RecomputeState.Succeeded => Contracts.V1.RecomputeState.RecomputeSucceeded,
                _ => Contracts.V1.RecomputeState.RecomputeFailed,
            },
            Phase = status.Phase,
            CustomersTotal = status.CustomersTotal,
            CustomersDone = status.CustomersDone,
            CustomersRebuilt = status.CustomersRebuilt,
            EntriesReplayed = status.EntriesReplayed,
            ReplayRate = status.ReplayRate(time.GetUtcNow().UtcTicks),
            AggregatesRebuilt = status.AggregatesRebuilt,
            StartedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(status.StartedAtTicks, TimeSpan.Zero)),
            Error = status.Error ?? "",
        };
        if (status.FinishedAtTicks is { } finished)
        {
            run.FinishedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(finished, TimeSpan.Zero));
        }

        return run;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recompute {RunId} from {From:o} started on request of {Caller}")]
    private static partial void LogStarted(ILogger logger, Guid runId, DateTimeOffset from, string caller);
}
