namespace CxGrains.Abstractions.Journal;

/// <summary>
/// One group commit of one journal writer. Entries remember the group that wrote them, so that what
/// a writer committed but had not yet delivered to its touchpoints when it died can be found again.
/// </summary>
/// <param name="Origin">The writer: one silo incarnation (its address with its generation).</param>
/// <param name="Number">
/// The writer's commit number, from 1, increasing with each commit. A writer never writes two groups
/// under one number: a store may tell a group's own rows apart by it.
/// </param>
public readonly record struct JournalGroup(string Origin, long Number);
