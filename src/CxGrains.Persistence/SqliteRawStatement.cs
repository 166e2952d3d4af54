using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CxGrains.Persistence;

/// <summary>
/// A statement prepared once on a connection and run through SQLitePCLRaw's own API (the library under
/// Microsoft.Data.Sqlite): text and blobs are bound from spans, copied by SQLite itself, so a run allocates nothing.
/// A Microsoft.Data.Sqlite command makes a binder object per parameter and a UTF-8 copy of every text on each
/// execution, about 600 bytes per grain-state write; the writer thread runs one write per changed customer.
/// It runs inside whatever transaction its connection has open, like any statement on it.
/// </summary>
/// <remarks>Not thread-safe: used by one caller at a time, like its connection.</remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    // Texts up to this many UTF-8 bytes are encoded on the stack; longer ones into a rented buffer.
    private const int StackBytes = 256;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>The index of the parameter called <paramref name="name"/> (e.g. "$key").</summary>
    public int IndexOf(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        return index > 0 ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
    }

    /// <summary>Binds UTF-8 text.</summary>
    public void BindText(int index, ReadOnlySpan<byte> utf8) =>
        // An empty span would bind NULL: SQLite takes a null pointer for no value.
        Check(utf8.IsEmpty ? raw.sqlite3_bind_text(_statement, index, string.Empty) : raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Binds <paramref name="text"/>, encoded as UTF-8 without an allocation for short texts.</summary>
    public void BindText(int index, string text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = most <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            BindText(index, buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Binds a blob.</summary>
    public void BindBlob(int index, ReadOnlySpan<byte> blob) =>
        Check(blob.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, blob));

    /// <summary>Binds an integer, or NULL.</summary>
    public void BindInt64(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement, which returns no rows, and answers the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE)
            {
                Check(result);
                throw new InvalidOperationException("The statement returned rows; it is run for its changes only.");
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            // Ready for the next run, with no value of this one kept.
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    // The exceptions Microsoft.Data.Sqlite's own commands throw, with SQLite's message.
    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}
