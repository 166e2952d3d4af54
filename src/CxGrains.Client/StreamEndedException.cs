namespace CxGrains.Client;

/// <summary>The server ended a stream while batches were still unacknowledged: reconnect and resend them.</summary>
internal sealed class StreamEndedException(int unacknowledged)
    : Exception($"The server ended the stream with {unacknowledged} batches unacknowledged.");
