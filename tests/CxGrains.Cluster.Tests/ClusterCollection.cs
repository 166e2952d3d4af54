namespace CxGrains.Cluster.Tests;

/// <summary>The cluster scenarios run one after the other (each starts four processes).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
