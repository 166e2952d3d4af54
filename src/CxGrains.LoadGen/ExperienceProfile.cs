namespace CxGrains.LoadGen;

/// <summary>
/// The distributions behind synthetic answers and contacts. The figures resemble published industry
/// benchmarks: NPS around +25 to +30 (≈ 50 % promoters, 27 % passives, 23 % detractors), CSAT skewed to
/// 4–5 (≈ 76 % top-2-box), CES skewed high (≈ 75 % answer 5 or more), contact centres with ≈ 70 % FCR,
/// ≈ 6.5 % abandoned calls, waits of 30–120 s and handle times of 3–8 minutes.
/// </summary>
public static class ExperienceProfile
{
    /// <summary>P(score) for NPS answers 0..10.</summary>
    public static IReadOnlyList<double> NpsScoreWeights { get; } =
        [0.010, 0.010, 0.015, 0.020, 0.030, 0.055, 0.100, 0.120, 0.150, 0.220, 0.280];

    /// <summary>P(score) for CSAT answers 1..5.</summary>
    public static IReadOnlyList<double> CsatScoreWeights { get; } = [0.05, 0.07, 0.12, 0.33, 0.43];

    /// <summary>P(score) for CES answers 1..7.</summary>
    public static IReadOnlyList<double> CesScoreWeights { get; } = [0.03, 0.04, 0.06, 0.12, 0.20, 0.28, 0.27];

    /// <summary>P(severity) for complaint severities 1..3.</summary>
    public static IReadOnlyList<double> ComplaintSeverityWeights { get; } = [0.55, 0.33, 0.12];

    /// <summary>P(transfers) for 0..3 transfers of an answered contact.</summary>
    public static IReadOnlyList<double> TransferWeights { get; } = [0.78, 0.16, 0.05, 0.01];

    /// <summary>Share of contacts abandoned before answer, on average over all waits.</summary>
    public const double AbandonRate = 0.065;

    /// <summary>Share of answered contacts that are the customer's first contact about the issue.</summary>
    public const double FirstContactRate = 0.85;

    /// <summary>Share of answered contacts resolved on first contact (FCR).</summary>
    public const double FirstContactResolutionRate = 0.70;

    /// <summary>Share of answered repeat contacts that get resolved.</summary>
    public const double RepeatContactResolutionRate = 0.75;

    /// <summary>Log-space spread of queue waits around the touchpoint's median (right-skewed).</summary>
    public const double WaitSigma = 0.8;

    /// <summary>Median handle time, seconds (5 minutes).</summary>
    public const double MedianHandleSeconds = 300;

    /// <summary>Log-space spread of handle times: 90 % fall within ≈ 3–8 minutes.</summary>
    public const double HandleSigma = 0.3;

    /// <summary>Median purchase amount in the major currency unit.</summary>
    public const double MedianPurchaseAmount = 60;

    /// <summary>Log-space spread of purchase amounts.</summary>
    public const double PurchaseSigma = 0.9;

    /// <summary>Share of NPS answers that come with a comment.</summary>
    public const double CommentRate = 0.15;
}
