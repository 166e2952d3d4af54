namespace CxGrains.Scoring.Tests;

/// <summary>Random interactions for property and reference tests; always seeded, so failures reproduce.</summary>
internal static class Generators
{
    public static readonly long Epoch = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public static readonly double[] Targets = [20, 30, 60, 90];

    /// <summary>
    /// Any kind, with values on the edges the definitions care about: waits are multiples of 0.5 s so that they hit
    /// the targets exactly (and sums stay exact), sentiment sometimes exactly −0.5.
    /// </summary>
    public static Interaction Any(Random random, long at) => random.Next(6) switch
    {
        0 => Interaction.Nps(random.Next(0, 11), at),
        1 => Interaction.Csat(random.Next(1, 6), at),
        2 => Interaction.Ces(random.Next(1, 8), at),
        3 => Contact(random, at),
        4 => Interaction.Purchase(Math.Round(random.NextDouble() * 500, 2), at),
        _ => Interaction.Complaint(random.Next(1, 4), at),
    };

    public static Interaction Contact(Random random, long at)
    {
        double[] sentiments = [-1, -0.75, -0.5, -0.25, 0, 0.5, 1];
        var sentiment = random.Next(3) == 0 ? sentiments[random.Next(sentiments.Length)] : Math.Round((random.NextDouble() * 2) - 1, 3);
        return Interaction.Contact(
            at,
            waitSeconds: random.Next(0, 361) * 0.5,
            handleSeconds: random.Next(0, 2401) * 0.25,
            resolved: random.Next(4) > 0,
            firstContact: random.Next(3) > 0,
            transfers: random.Next(0, 5),
            abandoned: random.Next(6) == 0,
            sentiment: sentiment);
    }

    public static List<Interaction> List(Random random, int maxCount, long start, long spreadTicks)
    {
        var count = random.Next(0, maxCount + 1);
        var list = new List<Interaction>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Any(random, start + (long)(random.NextDouble() * spreadTicks)));
        }

        return list;
    }
}
