namespace CxGrains.LoadGen;

/// <summary>
/// Relative shares of the payload kinds in the generated stream. Shares need not sum to 1; they are
/// normalised. The defaults resemble a service-heavy brand: contacts dominate, surveys follow a fraction
/// of them, purchases and complaints are occasional.
/// </summary>
public sealed record PayloadMix
{
    /// <summary>The default mix: 45 % contacts, 15 % CSAT, 12 % NPS, 10 % CES, 14 % purchases, 4 % complaints.</summary>
    public static PayloadMix Default { get; } = new();

    /// <summary>Share of service contacts.</summary>
    public double Contact { get; init; } = 0.45;

    /// <summary>Share of CSAT answers.</summary>
    public double Csat { get; init; } = 0.15;

    /// <summary>Share of NPS answers.</summary>
    public double Nps { get; init; } = 0.12;

    /// <summary>Share of CES answers.</summary>
    public double Ces { get; init; } = 0.10;

    /// <summary>Share of purchases.</summary>
    public double Purchase { get; init; } = 0.14;

    /// <summary>Share of complaints.</summary>
    public double Complaint { get; init; } = 0.04;

    /// <summary>Sum of the shares.</summary>
    public double Total => Contact + Csat + Nps + Ces + Purchase + Complaint;

    /// <summary>The raw share of <paramref name="kind"/>.</summary>
    public double ShareOf(PayloadKind kind) => kind switch
    {
        PayloadKind.Contact => Contact,
        PayloadKind.Csat => Csat,
        PayloadKind.Nps => Nps,
        PayloadKind.Ces => Ces,
        PayloadKind.Purchase => Purchase,
        PayloadKind.Complaint => Complaint,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The share of <paramref name="kind"/> after normalisation, 0–1.</summary>
    public double FractionOf(PayloadKind kind) => ShareOf(kind) / Total;

    /// <summary>Problems with the shares, if any.</summary>
    public IEnumerable<OptionError> Validate()
    {
        foreach (var kind in Enum.GetValues<PayloadKind>())
        {
            var share = ShareOf(kind);
            if (!(share >= 0) || double.IsInfinity(share))
            {
                yield return new OptionError("Mix", $"the {kind} share must be a finite number ≥ 0 (got {share})");
            }
        }

        if (!(Total > 0))
        {
            yield return new OptionError("Mix", "at least one payload share must be positive");
        }
    }
}
