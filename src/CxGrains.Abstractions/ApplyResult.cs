namespace CxGrains.Abstractions;

/// <summary>What a customer grain did with a group of events.</summary>
/// <param name="Applied">Events applied for the first time.</param>
/// <param name="Duplicates">Events whose id the customer had already seen; they changed nothing.</param>
[GenerateSerializer, Immutable, Alias("cx.ApplyResult")]
public readonly record struct ApplyResult([property: Id(0)] int Applied, [property: Id(1)] int Duplicates);
