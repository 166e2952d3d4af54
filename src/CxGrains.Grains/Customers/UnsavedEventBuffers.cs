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
/// Every <see cref="TrimInterval"/> the buffers that stayed free all along are let go, so a silo whose ingest slows
/// down or stops holds only what it still uses.
/// </remarks>
public sealed class UnsavedEventBuffers : IDisposable
{
    /// <summary>The most bytes of free buffers kept for reuse, unless told otherwise: 256 MiB.</summary>
    public const long DefaultRetainedBytes = 256L << 20;

    /// <summary>How often buffers that were not needed are let go.</summary>
    /// <remarks>
    /// Buffers go out as customers change and come back in bursts, as write-behind rounds finish. Over one second
    /// the fewest free buffers is about the slack between two rounds, and letting that go made the next rounds
    /// allocate it again: thousands of 1 KiB buffers a second at 1,000,000 customers, each promoted while its customer
    /// waited for its write. Over ten seconds only buffers that a slower ingest no longer needs are let go.
    /// </remarks>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(10);

    // One event takes about 200-300 bytes; most customers apply one to three between writes.
    private static readonly int[] Sizes = [1 << 10, 4 << 10, 16 << 10, 64 << 10];

    private readonly Stack<byte[]>[] _free = [.. Sizes.Select(_ => new Stack<byte[]>())];
    private readonly Lock _gate = new();
    private readonly long _retainedBytes;
    private readonly ITimer _trim;

    // Per size, the fewest free buffers since the last trim: that many were not needed.
    private readonly int[] _lowWater = new int[Sizes.Length];
    private long _retained;

    /// <summary>Creates the silo's buffers.</summary>
    /// <param name="time">Drives the trim.</param>
    /// <param name="retainedBytes">The most bytes of free buffers kept for reuse.</param>
    public UnsavedEventBuffers(TimeProvider time, long retainedBytes = DefaultRetainedBytes)
    {
        _retainedBytes = retainedBytes;
        _trim = time.CreateTimer(_ => Trim(), null, TrimInterval, TrimInterval);
    }

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
                _lowWater[size] = Math.Min(_lowWater[size], _free[size].Count);
                return buffer;
            }

            _lowWater[size] = 0;
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
            if (_retained + buffer.Length <= _retainedBytes)
            {
                _free[size].Push(buffer);
                _retained += buffer.Length;
            }
        }
    }

    /// <summary>Lets go of the free buffers not needed since the last trim.</summary>
    internal void Trim()
    {
        lock (_gate)
        {
            for (var size = 0; size < Sizes.Length; size++)
            {
                var free = _free[size];
                for (var unused = Math.Min(_lowWater[size], free.Count); unused > 0; unused--)
                {
                    _retained -= free.Pop().Length;
                }

                free.TrimExcess();
                _lowWater[size] = free.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _trim.Dispose();

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
