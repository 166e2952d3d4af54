using System.Diagnostics;
using Npgsql;

namespace CxGrains.Bench;

/// <summary>
/// The rate of the design the event journal replaces: every event its own durable write. Many writers
/// (one connection each) insert one event row per transaction into the durable run's PostgreSQL, with
/// nothing else on the machine's mind: no gRPC, no grains, no scoring. PostgreSQL still flushes the WAL of
/// concurrent commits together, so this is the best such a design could do here, and the durable run's
/// peak over it understates what group commit gains.
/// </summary>
internal static class OneWritePerEventBaseline
{
    // Made afresh for each measurement: every repetition writes into an empty table, with the same keys.
    private const string CreateTable = """
        DROP TABLE IF EXISTS bench_one_write_per_event;
        CREATE TABLE bench_one_write_per_event
        (
            customer_id       text   NOT NULL,
            sequence          bigint NOT NULL,
            event_id          text   NOT NULL,
            touchpoint_id     text   NOT NULL,
            occurred_at_ticks bigint NOT NULL,
            payload           bytea  NOT NULL,
            PRIMARY KEY (customer_id, sequence)
        )
        """;

    private const string Insert = """
        INSERT INTO bench_one_write_per_event (customer_id, sequence, event_id, touchpoint_id, occurred_at_ticks, payload)
        VALUES (@customer, @sequence, @event, @touchpoint, @occurred, @payload)
        """;

    /// <summary>Events written per second by <paramref name="writers"/> writers over <paramref name="duration"/>.</summary>
    /// <param name="connectionString">The durable run's database.</param>
    /// <param name="writers">Concurrent writers, one connection each.</param>
    /// <param name="duration">How long they write.</param>
    /// <param name="payloadBytes">Bytes of each event's payload: the journal's mean, so both write the same data.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<double> MeasureAsync(string connectionString, int writers, TimeSpan duration, int payloadBytes, CancellationToken cancellationToken)
    {
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
        await using (var create = dataSource.CreateCommand(CreateTable))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var payload = new byte[payloadBytes];
        Random.Shared.NextBytes(payload);
        var written = 0L;
        var started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var insert = new NpgsqlCommand(Insert, connection);
            var customer = insert.Parameters.AddWithValue("customer", "");
            var sequence = insert.Parameters.AddWithValue("sequence", 0L);
            var eventId = insert.Parameters.AddWithValue("event", "");
            insert.Parameters.AddWithValue("touchpoint", "tp-baseline");
            insert.Parameters.AddWithValue("occurred", DateTime.UtcNow.Ticks);
            insert.Parameters.AddWithValue("payload", payload);
            for (var n = 1L; !stop.IsCancellationRequested; n++)
            {
                customer.Value = $"baseline-{writer}-{n % 1_000}";
                sequence.Value = n;
                eventId.Value = $"e-{writer}-{n}";

                // Autocommit: one transaction, so one WAL flush wait, per event.
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
                Interlocked.Increment(ref written);
            }
        }));

        return Interlocked.Read(ref written) / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
