namespace CxGrains.Grains.Alerts;

/// <summary>What a metric rule watches.</summary>
public enum AlertSubjectKind
{
    /// <summary>Touchpoint grains, by touchpoint id.</summary>
    Touchpoint = 1,

    /// <summary>Segment grains, by canonical segment key.</summary>
    Segment = 2,
}
