namespace CxGrains.Client.Tests;

/// <summary>Batches one fake server received, whatever behaviour it shares with others.</summary>
internal sealed class ServerReceipts
{
    private int _batches;

    public int Batches => Volatile.Read(ref _batches);

    public void Received() => Interlocked.Increment(ref _batches);
}
