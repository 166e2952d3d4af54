using CxGrains.TestSupport;

namespace CxGrains.Admin.Tests;

/// <summary>The tests that start durable hosts share one throwaway PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
