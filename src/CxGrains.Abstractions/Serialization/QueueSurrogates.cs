using CxGrains.Scoring;
using CxGrains.Scoring.Queues;

namespace CxGrains.Abstractions.Serialization;

// Wire and storage forms of the scoring core's queue types. Field ids are part of the storage
// format: append, never renumber.

/// <summary>Wire and storage form of <see cref="QueueCounts"/>.</summary>
[GenerateSerializer, Alias("cx.QueueCounts")]
internal struct QueueCountsSurrogate
{
    [Id(0)] public long Offered;
    [Id(1)] public long Answered;
    [Id(2)] public long AnsweredWithinTarget;
    [Id(3)] public double AnsweredWaitSum;
    [Id(4)] public long Abandoned;
    [Id(5)] public long ShortAbandoned;
    [Id(6)] public double AbandonedWaitSum;
    [Id(7)] public long Handled;
    [Id(8)] public double HandleSum;
    [Id(9)] public long Expired;
}

/// <summary>Converts <see cref="QueueCounts"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class QueueCountsConverter : IConverter<QueueCounts, QueueCountsSurrogate>
{
    /// <inheritdoc />
    public QueueCounts ConvertFromSurrogate(in QueueCountsSurrogate s) => new()
    {
        Offered = s.Offered,
        Answered = s.Answered,
        AnsweredWithinTarget = s.AnsweredWithinTarget,
        AnsweredWaitSum = s.AnsweredWaitSum,
        Abandoned = s.Abandoned,
        ShortAbandoned = s.ShortAbandoned,
        AbandonedWaitSum = s.AbandonedWaitSum,
        Handled = s.Handled,
        HandleSum = s.HandleSum,
        Expired = s.Expired,
    };

    /// <inheritdoc />
    public QueueCountsSurrogate ConvertToSurrogate(in QueueCounts c) => new()
    {
        Offered = c.Offered,
        Answered = c.Answered,
        AnsweredWithinTarget = c.AnsweredWithinTarget,
        AnsweredWaitSum = c.AnsweredWaitSum,
        Abandoned = c.Abandoned,
        ShortAbandoned = c.ShortAbandoned,
        AbandonedWaitSum = c.AbandonedWaitSum,
        Handled = c.Handled,
        HandleSum = c.HandleSum,
        Expired = c.Expired,
    };
}

/// <summary>Wire form of <see cref="QueueStep"/>.</summary>
[GenerateSerializer, Immutable, Alias("cx.QueueStep")]
internal struct QueueStepSurrogate
{
    [Id(0)] public string ContactId;
    [Id(1)] public QueueStepKind Kind;
    [Id(2)] public long AtTicks;
    [Id(3)] public string? AgentId;
}

/// <summary>Converts <see cref="QueueStep"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class QueueStepConverter : IConverter<QueueStep, QueueStepSurrogate>
{
    /// <inheritdoc />
    public QueueStep ConvertFromSurrogate(in QueueStepSurrogate s) => new(s.ContactId, s.Kind, s.AtTicks, s.AgentId);

    /// <inheritdoc />
    public QueueStepSurrogate ConvertToSurrogate(in QueueStep v) => new() { ContactId = v.ContactId, Kind = v.Kind, AtTicks = v.AtTicks, AgentId = v.AgentId };
}

/// <summary>Storage form of <see cref="LiveQueue"/>: its open and remembered contacts, windows and today.</summary>
[GenerateSerializer, Alias("cx.LiveQueue")]
internal struct LiveQueueSurrogate
{
    [Id(0)] public string[] OpenIds;
    [Id(1)] public long[] OfferedAt;
    [Id(2)] public long[] AnsweredAt;
    [Id(3)] public long[] AbandonedAt;
    [Id(4)] public long[] EndedAt;
    [Id(5)] public string?[] AgentIds;
    [Id(6)] public CountedSteps[] Counted;
    [Id(7)] public string[] FinishedIds;
    [Id(8)] public long[] FinishedAt;
    [Id(9)] public WindowKind[] Windows;
    [Id(10)] public long[] BucketIndexes;
    [Id(11)] public QueueCounts[] Counts;
    [Id(12)] public DateOnly Day;
    [Id(13)] public QueueCounts Today;
    [Id(14)] public long Unmatched;
}

/// <summary>Converts <see cref="LiveQueue"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class LiveQueueConverter : IConverter<LiveQueue, LiveQueueSurrogate>
{
    /// <inheritdoc />
    public LiveQueue ConvertFromSurrogate(in LiveQueueSurrogate s)
    {
        var open = new KeyValuePair<string, OpenContact>[s.OpenIds?.Length ?? 0];
        for (var i = 0; i < open.Length; i++)
        {
            open[i] = new(s.OpenIds![i], new OpenContact
            {
                OfferedAtTicks = s.OfferedAt[i],
                AnsweredAtTicks = s.AnsweredAt[i],
                AbandonedAtTicks = s.AbandonedAt[i],
                EndedAtTicks = s.EndedAt[i],
                AgentId = s.AgentIds[i],
                Counted = s.Counted[i],
            });
        }

        var finished = new KeyValuePair<string, long>[s.FinishedIds?.Length ?? 0];
        for (var i = 0; i < finished.Length; i++)
        {
            finished[i] = new(s.FinishedIds![i], s.FinishedAt[i]);
        }

        var windows = QueueWindows.Import(WindowBucketArrays.Join(s.Windows, s.BucketIndexes, s.Counts));
        return LiveQueue.Restore(open, finished, windows, s.Day, s.Today, s.Unmatched);
    }

    /// <inheritdoc />
    public LiveQueueSurrogate ConvertToSurrogate(in LiveQueue v)
    {
        var n = v.Open.Count;
        var s = new LiveQueueSurrogate
        {
            OpenIds = new string[n],
            OfferedAt = new long[n],
            AnsweredAt = new long[n],
            AbandonedAt = new long[n],
            EndedAt = new long[n],
            AgentIds = new string?[n],
            Counted = new CountedSteps[n],
            FinishedIds = new string[v.Finished.Count],
            FinishedAt = new long[v.Finished.Count],
            Day = v.Day,
            Today = v.TodayCounts,
            Unmatched = v.Unmatched,
        };
        var i = 0;
        foreach (var (id, c) in v.Open)
        {
            s.OpenIds[i] = id;
            s.OfferedAt[i] = c.OfferedAtTicks;
            s.AnsweredAt[i] = c.AnsweredAtTicks;
            s.AbandonedAt[i] = c.AbandonedAtTicks;
            s.EndedAt[i] = c.EndedAtTicks;
            s.AgentIds[i] = c.AgentId;
            s.Counted[i] = c.Counted;
            i++;
        }

        i = 0;
        foreach (var (id, at) in v.Finished)
        {
            s.FinishedIds[i] = id;
            s.FinishedAt[i] = at;
            i++;
        }

        (s.Windows, s.BucketIndexes, s.Counts) = WindowBucketArrays.Split(v.Windows.Export());
        return s;
    }
}
