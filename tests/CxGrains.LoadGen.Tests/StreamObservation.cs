namespace CxGrains.LoadGen.Tests;

/// <summary>What the test server saw on one stream: batches received and not yet acked, and the most at once.</summary>
internal sealed class StreamObservation
{
    private int _outstanding;
    private int _maxOutstanding;

    public int MaxOutstanding => Volatile.Read(ref _maxOutstanding);

    public void Received()
    {
        var now = Interlocked.Increment(ref _outstanding);
        int max;
        while (now > (max = Volatile.Read(ref _maxOutstanding)) && Interlocked.CompareExchange(ref _maxOutstanding, now, max) != max)
        {
        }
    }

    public void Acking() => Interlocked.Decrement(ref _outstanding);
}
