namespace CxGrains.Bench;

/// <summary>How the silo under test handles ingest.</summary>
public enum SiloMode
{
    /// <summary><c>Cx:Ingest:BareSink</c>: validate and ack without touching grains — the ceiling.</summary>
    BareSink,

    /// <summary><c>Cx:Durability:AckMode=Applied</c> on the embedded SQLite store.</summary>
    Applied,

    /// <summary><c>Cx:Durability:AckMode=Durable</c> on PostgreSQL.</summary>
    Durable,
}
