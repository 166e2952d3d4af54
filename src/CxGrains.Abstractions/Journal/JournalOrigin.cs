namespace CxGrains.Abstractions.Journal;

/// <summary>
/// A journal writer as the journal knows it: registered before its first commit, and told from time
/// to time how far its touchpoint deliveries have come.
/// </summary>
/// <param name="Origin">The writer (see <see cref="JournalGroup.Origin"/>).</param>
/// <param name="DeliveredThrough">
/// Every entry the writer committed in groups up to this number has reached its touchpoint; later
/// groups may not have.
/// </param>
public sealed record JournalOrigin(string Origin, long DeliveredThrough);
