namespace CxGrains.LoadGen;

/// <summary>A synthetic customer's fixed attributes. Rank 1 is the most active customer.</summary>
/// <param name="Rank">Activity rank, 1..Customers.</param>
/// <param name="Id">The customer id sent in events.</param>
/// <param name="Region">EU, NA, APAC or LATAM.</param>
/// <param name="Tier">gold, silver or bronze.</param>
/// <param name="Product">The customer's main product.</param>
/// <param name="Currency">The currency of the customer's purchases (follows the region).</param>
public readonly record struct CustomerProfile(int Rank, string Id, string Region, string Tier, string Product, string Currency);
