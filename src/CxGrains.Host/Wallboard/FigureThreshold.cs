namespace CxGrains.Host.Wallboard;

/// <summary>
/// When a wallboard figure turns to warning and to critical. The order of the two levels gives the
/// direction: critical above warning means higher is worse (waiting, abandon %), below means lower is
/// worse (service level %).
/// </summary>
public sealed class FigureThreshold
{
    /// <summary>The figure is at warning from this value on.</summary>
    public double Warning { get; set; }

    /// <summary>The figure is critical from this value on.</summary>
    public double Critical { get; set; }
}
