using CxGrains.TestSupport;

namespace CxGrains.Persistence.Tests;

/// <summary>Every PostgreSQL test shares one throwaway server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
