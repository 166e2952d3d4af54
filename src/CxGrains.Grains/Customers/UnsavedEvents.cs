using System.Buffers.Binary;
using CxGrains.Abstractions;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Ack mode applied: the events a customer applied since its last stored write, to re-apply on the stored state when
/// its write meets another activation's (a conflict). Oldest first.
/// </summary>
/// <remarks>
/// Kept encoded (<see cref="UnsavedEventEncoding"/>) in a buffer from the silo's <see cref="UnsavedEventBuffers"/>,
/// each event prefixed by its length, rather than as the event objects: an event held by a long-lived customer
/// survives the next young collections, and the customer's reference to it makes each of them scan the customer
/// (docs/benchmarks.md, "What a young collection pays for"). Conflicts are rare, so reading back costs only then.
/// </remarks>
public sealed class UnsavedEvents(UnsavedEventBuffers buffers)
{
    private const int LengthPrefix = sizeof(int);

    private byte[]? _buffer;
    private int _length;
    private int _count;
    private int _epoch;

    /// <summary>Events kept.</summary>
    public int Count => _count;

    /// <summary>
    /// True after <see cref="Restart"/> until a write containing the restart is stored: the unsaved events then start
    /// from an empty state, not from the stored one.
    /// </summary>
    public bool FromEmpty { get; private set; }

    /// <summary>Keeps an applied batch.</summary>
    public void Add(IReadOnlyList<CustomerEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Reserve(LengthPrefix + UnsavedEventEncoding.MaxLength(e));
            var written = UnsavedEventEncoding.Write(e, _buffer.AsSpan(_length + LengthPrefix));
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
            _length += LengthPrefix + written;
            _count++;
        }
    }

    /// <summary>The events kept, oldest first, read back.</summary>
    public List<CustomerEvent> Read()
    {
        var events = new List<CustomerEvent>(_count);
        var offset = 0;
        while (offset < _length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset));
            offset += LengthPrefix;
            events.Add(UnsavedEventEncoding.Read(_buffer.AsSpan(offset, length)));
            offset += length;
        }

        return events;
    }

    /// <summary>What a write starting now contains; pass it to <see cref="Stored"/> once the write succeeded.</summary>
    public WriteMark Mark() => new(_epoch, _count, _length);

    /// <summary>
    /// Forgets the events a successful write contained; gives the buffer back once none is left.
    /// </summary>
    /// <returns>True when nothing is left to keep: no event, and no restart waiting for its write.</returns>
    public bool Stored(WriteMark mark)
    {
        if (mark.Epoch != _epoch)
        {
            // A restart happened while the write was in flight: what it stored is superseded.
            return false;
        }

        FromEmpty = false;
        if (mark.Bytes == _length)
        {
            Release();
            return true;
        }

        // Events applied during the write stay, moved to the front.
        Buffer.BlockCopy(_buffer!, mark.Bytes, _buffer!, 0, _length - mark.Bytes);
        _length -= mark.Bytes;
        _count -= mark.Count;
        return false;
    }

    /// <summary>Drops every unsaved event: the state was reset (erased) and is rebuilt from empty.</summary>
    public void Restart()
    {
        Release();
        _epoch++;
        FromEmpty = true;
    }

    private void Reserve(int bytes)
    {
        var needed = _length + bytes;
        if (_buffer is not null && needed <= _buffer.Length)
        {
            return;
        }

        var next = buffers.Rent(Math.Max(needed, (_buffer?.Length ?? 0) * 2));
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, _length).CopyTo(next);
            buffers.Return(_buffer);
        }

        _buffer = next;
    }

    private void Release()
    {
        if (_buffer is not null)
        {
            buffers.Return(_buffer);
            _buffer = null;
        }

        _length = 0;
        _count = 0;
    }

    /// <summary>A point in the events kept: what a write contains.</summary>
    public readonly record struct WriteMark(int Epoch, int Count, int Bytes);
}
