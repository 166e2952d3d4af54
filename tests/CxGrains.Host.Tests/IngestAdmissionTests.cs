using System.Diagnostics.Metrics;
using CxGrains.Host.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxGrains.Host.Tests;

/// <summary>The silo's ingest admission on its own: who gets room, in what order, and when.</summary>
[Trait("Tier", "Fast")]
public sealed class IngestAdmissionTests
{
    [Fact]
    public async Task Waiters_are_admitted_oldest_first_and_a_batch_larger_than_the_limit_waits_for_an_empty_silo()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new IngestMetrics(services.GetRequiredService<IMeterFactory>());
        using var admission = new IngestAdmission(Options.Create(new IngestLimitsOptions { MaxInFlightEvents = 10 }), metrics, TimeProvider.System);

        var first = await admission.EnterAsync(6, CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, first.Waited);
        var second = admission.EnterAsync(6, CancellationToken.None).AsTask();
        var huge = admission.EnterAsync(50, CancellationToken.None).AsTask();
        var small = admission.EnterAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted || huge.IsCompleted || small.IsCompleted, "Nothing fits while 6 of 10 are taken.");

        first.Dispose();
        var secondAdmitted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(secondAdmitted.Waited >= TimeSpan.FromMilliseconds(40), $"waited {secondAdmitted.Waited}");

        // Oldest first: the one-event batch queued behind the huge one does not overtake it.
        await Task.Delay(50);
        Assert.False(huge.IsCompleted || small.IsCompleted);
        secondAdmitted.Dispose();
        using (await huge.WaitAsync(TimeSpan.FromSeconds(5)))
        {
            await Task.Delay(50);
            Assert.False(small.IsCompleted, "The huge batch holds the whole silo.");
        }

        using var last = await small.WaitAsync(TimeSpan.FromSeconds(5));
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        using (await admission.EnterAsync(9, CancellationToken.None))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await admission.EnterAsync(5, cancelled.Token));
        }
    }
}
