namespace CxGrains.Grains.Customers;

/// <summary>
/// One per silo: the buffers in which customers keep the events they applied since their last stored write
/// (<see cref="UnsavedEvents"/>).
/// </summary>
/// <remarks>
/// Every customer with unwritten events holds one buffer, so at full rate tens of thousands are out at once, and
/// each goes back within a write interval. <see cref="System.Buffers.ArrayPool{T}.Shared"/> keeps a few arrays per
/// size and core: beyond that every buffer would be allocated, live for a second and be promoted, which is the
/// garbage this exists to avoid. So free buffers wait here in four sizes, up to a bound in all;
/// a larger buffer (a customer with hundreds of events in one interval) is allocated and dropped.
/// </remarks>
/// <param name="retainedBytes">The most bytes of free buffers kept for reuse.</param>
public sealed class UnsavedEventBuffers(long retainedBytes = UnsavedEventBuffers.DefaultRetainedBytes)
{
    /// <summary>The most bytes of free buffers kept for reuse, unless told otherwise: 256 MiB.</summary>
    public const long DefaultRetainedBytes = 256L << 20;

    // One event takes about 200-300 bytes; most customers apply one to three between writes.
    private static readonly int[] Sizes = [1 << 10, 4 << 10, 16 << 10, 64 << 10];

    private readonly Stack<byte[]>[] _free = [.. Sizes.Select(_ => new Stack<byte[]>())];
    private readonly Lock _gate = new();
    private long _retained;

    /// <summary>Bytes held in free buffers now.</summary>
    public long FreeBytes
    {
        get
        {
            lock (_gate)
            {
                return _retained;
            }
        }
    }

    /// <summary>A buffer of at least <paramref name="minimumLength"/> bytes.</summary>
    public byte[] Rent(int minimumLength)
    {
        var size = SizeClassOf(minimumLength);
        if (size < 0)
        {
            return new byte[minimumLength];
        }

        lock (_gate)
        {
            if (_free[size].TryPop(out var buffer))
            {
                _retained -= buffer.Length;
                return buffer;
            }
        }

        return new byte[Sizes[size]];
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> back.</summary>
    public void Return(byte[] buffer)
    {
        var size = Array.IndexOf(Sizes, buffer.Length);
        if (size < 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_retained + buffer.Length <= retainedBytes)
            {
                _free[size].Push(buffer);
                _retained += buffer.Length;
            }
        }
    }

    private static int SizeClassOf(int length)
    {
        for (var i = 0; i < Sizes.Length; i++)
        {
            if (length <= Sizes[i])
            {
                return i;
            }
        }

        return -1;
    }
}
