using CxGrains.Contracts.V1;

namespace CxGrains.Client.Tests;

[Trait("Tier", "Fast")]
public sealed class OutgoingBatchTests
{
    [Fact]
    public void A_retry_carries_the_chosen_events_unchanged_under_a_numbered_id()
    {
        var batch = new EventBatch { BatchId = "run-7" };
        batch.Events.AddRange(TestEvents.Many("ob", 5, customers: 2));
        batch.QueueEvents.Add(new QueueEvent { ContactId = "call-1", QueueId = "q" });
        batch.QueueEvents.Add(new QueueEvent { ContactId = "call-2", QueueId = "q" });
        var outgoing = new OutgoingBatch(batch, number: 7);

        var first = outgoing.RetryOf([1, 3, 99], [1])!;
        var second = first.RetryOf([0], [])!;

        Assert.Equal("run-7-r1", first.Batch.BatchId);
        Assert.Equal(["ob-e1", "ob-e3"], first.Batch.Events.Select(e => e.EventId));
        Assert.Equal("call-2", Assert.Single(first.Batch.QueueEvents).ContactId);
        Assert.Equal((7, 1, true), (first.Number, first.Retry, first.IsRetry));
        Assert.Equal("run-7-r2", second.Batch.BatchId);
        Assert.Equal("ob-e1", Assert.Single(second.Batch.Events).EventId);
    }

    [Fact]
    public void Nothing_to_retry_makes_no_batch()
    {
        var outgoing = new OutgoingBatch(new EventBatch { BatchId = "b" }, number: 0);

        Assert.Null(outgoing.RetryOf([0, 5], [0]));
    }
}
