namespace CxGrains.Bench;

/// <summary>The parts of a benchmark run.</summary>
[Flags]
public enum BenchPhases
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The bare sink (the ceiling).</summary>
    Bare = 1,

    /// <summary>Applied mode, with the customer queries and the push probe.</summary>
    Applied = 2,

    /// <summary>Durable mode on a throwaway PostgreSQL.</summary>
    Durable = 4,

    /// <summary>Heap per active customer grain.</summary>
    Memory = 8,

    /// <summary>Everything.</summary>
    All = Bare | Applied | Durable | Memory,
}
