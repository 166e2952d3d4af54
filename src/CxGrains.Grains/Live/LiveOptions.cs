using System.ComponentModel.DataAnnotations;

namespace CxGrains.Grains.Live;

/// <summary>Live fan-out to the web hosts' SignalR clients. Section <c>Cx:Live</c>.</summary>
public sealed class LiveOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Live";

    /// <summary>
    /// Fewest time between two pushes of one touchpoint or segment. Default 0.5 s: an event on a busy topic waits for
    /// the next push after its accumulator flush, so the push interval plus the flush interval bounds its latency,
    /// and the two must stay under the 1 s that a wallboard is promised.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MinPushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a silo's publisher gathers changes after the first one before sending a batch to
    /// every host. Default 20 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often a publisher re-reads the host list while it has changes to send. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HostListRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each web host renews its registration. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A host that has not renewed for this long is dropped. Default 20 s; must exceed <see cref="RenewInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan HostExpiry { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest wait for one host to take a batch before the publisher moves on. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Alert changes kept per silo while hosts are slow; older ones are dropped beyond this. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingAlerts { get; set; } = 10_000;
}
