namespace CxGrains.Abstractions;

/// <summary>Where in the journey an interaction happened; mirrors <c>cx.v1.JourneyStage</c>.</summary>
public enum JourneyStage : byte
{
    /// <summary>Before the purchase.</summary>
    PrePurchase = 1,
    /// <summary>The purchase itself.</summary>
    Purchase = 2,
    /// <summary>After the purchase.</summary>
    PostPurchase = 3,
}
