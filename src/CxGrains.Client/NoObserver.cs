namespace CxGrains.Client;

/// <summary>The observer of a client given none: hears nothing.</summary>
internal sealed class NoObserver : IIngestObserver
{
    public static readonly NoObserver Instance = new();
}
