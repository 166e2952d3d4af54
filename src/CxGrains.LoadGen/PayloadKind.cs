namespace CxGrains.LoadGen;

/// <summary>The payload of a synthetic event: one case of the contract's <c>payload</c> oneof.</summary>
public enum PayloadKind
{
    /// <summary>A service contact with its operational outcome.</summary>
    Contact,

    /// <summary>A CSAT answer.</summary>
    Csat,

    /// <summary>An NPS answer.</summary>
    Nps,

    /// <summary>A CES answer.</summary>
    Ces,

    /// <summary>A purchase.</summary>
    Purchase,

    /// <summary>A complaint.</summary>
    Complaint,
}
