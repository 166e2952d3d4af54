using CxGrains.Grains.Customers;
using CxGrains.Scoring;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Health;

/// <summary>
/// The silo's scorecards: chooses a customer's by its segment attributes at each evaluation. The choice is cached
/// on the shared attribute set, so the ingest path pays one read for it.
/// </summary>
public sealed class Scorecards
{
    private readonly ScorecardSet _set;
    private readonly HashSet<string> _matchAttributes;

    /// <summary>The configured scorecards, or the built-in one over <c>Cx:Customers:Health</c>.</summary>
    public Scorecards(IOptions<HealthOptions> health, IOptions<CustomerOptions> customers)
    {
        var configured = health.Value.Scorecards;
        _set = new ScorecardSet(configured.Count > 0 ? configured : [Scorecard.BuiltIn(customers.Value.Health)]);
        _matchAttributes = [.. _set.Scorecards.SelectMany(s => s.Match).Select(p => p.Key)];
    }

    /// <summary>The scorecards in force, in the order they are tried.</summary>
    public IReadOnlyList<Scorecard> All => _set.Scorecards;

    /// <summary>Whether scorecards match on <paramref name="name"/>: the customer must remember it.</summary>
    public bool IsMatchAttribute(string name) => _matchAttributes.Count > 0 && _matchAttributes.Contains(name);

    /// <summary>The scorecard of a customer with <paramref name="attributes"/>.</summary>
    public Scorecard For(AttributeDictionary attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return _set.Scorecards.Count == 1 ? _set.Default : attributes.Scorecard ??= _set.Select(attributes);
    }
}
