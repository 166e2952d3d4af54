using CxGrains.Abstractions;

namespace CxGrains.Grains.Live;

/// <summary>Drops every change: used where no web host is attached (grain tests, tools).</summary>
public sealed class NullLivePublisher : ILivePublisher
{
    /// <inheritdoc />
    public void PublishAlert(AlertSnapshot alert)
    {
    }
}
