using CxGrains.Scoring;

namespace CxGrains.Abstractions.Serialization;

/// <summary>Wire form of <see cref="Interaction"/>.</summary>
[GenerateSerializer, Alias("cx.Interaction")]
internal struct InteractionSurrogate
{
    [Id(0)] public InteractionKind Kind;
    [Id(1)] public long OccurredAtTicks;
    [Id(2)] public int Score;
    [Id(3)] public double WaitSeconds;
    [Id(4)] public double HandleSeconds;
    [Id(5)] public bool Resolved;
    [Id(6)] public bool FirstContact;
    [Id(7)] public int Transfers;
    [Id(8)] public bool Abandoned;
    [Id(9)] public double Sentiment;
    [Id(10)] public double Amount;
}

/// <summary>Converts <see cref="Interaction"/> to and from its surrogate through the scoring core's factories.</summary>
[RegisterConverter]
internal sealed class InteractionConverter : IConverter<Interaction, InteractionSurrogate>
{
    /// <inheritdoc />
    public Interaction ConvertFromSurrogate(in InteractionSurrogate s) => Interaction.FromParts(
        s.Kind, s.OccurredAtTicks, s.Score, s.WaitSeconds, s.HandleSeconds, s.Resolved, s.FirstContact, s.Transfers, s.Abandoned, s.Sentiment, s.Amount);

    /// <inheritdoc />
    public InteractionSurrogate ConvertToSurrogate(in Interaction v) => new()
    {
        Kind = v.Kind,
        OccurredAtTicks = v.OccurredAtTicks,
        Score = v.Score,
        WaitSeconds = v.WaitSeconds,
        HandleSeconds = v.HandleSeconds,
        Resolved = v.Resolved,
        FirstContact = v.FirstContact,
        Transfers = v.Transfers,
        Abandoned = v.Abandoned,
        Sentiment = v.Sentiment,
        Amount = v.Amount,
    };
}
