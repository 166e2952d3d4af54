namespace CxGrains.Grains.Storage;

/// <summary>When an ingest call is acknowledged.</summary>
public enum AckMode
{
    /// <summary>Once applied in memory; state is written behind on a timer and on deactivation.</summary>
    Applied,

    /// <summary>Once the state containing the event is written; concurrent events share one write.</summary>
    Durable,
}
