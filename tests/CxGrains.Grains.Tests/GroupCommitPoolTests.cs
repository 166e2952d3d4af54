using CxGrains.Grains.Storage;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A pooled commit writes for the grain that holds it, and only for that one; the pool takes back only idle
/// commits, and keeps a bounded number.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class GroupCommitPoolTests
{
    private static readonly Func<object, Task> WriteFor = static target => ((Writer)target).WriteAsync();

    [Fact]
    public async Task A_returned_commit_is_rented_again_and_writes_for_its_new_holder_only()
    {
        var pool = new GroupCommitPool(WriteFor, metrics: null, grain: "test");
        var (first, second) = (new Writer(), new Writer());

        var commit = pool.Rent(first);
        await commit.CommitAsync();
        pool.Return(commit);
        Assert.Equal(1, pool.Free);

        var again = pool.Rent(second);
        Assert.Same(commit, again);
        Assert.Equal(0, pool.Free);
        await again.CommitAsync();
        await again.CommitAsync();

        Assert.Equal((1, 2), (first.Writes, second.Writes));
    }

    [Fact]
    public async Task A_commit_with_a_write_in_flight_is_not_taken_back()
    {
        var pool = new GroupCommitPool(WriteFor, metrics: null, grain: "test");
        var writer = new Writer { Gate = new TaskCompletionSource() };
        var commit = pool.Rent(writer);

        var writing = commit.CommitAsync();
        pool.Return(commit);
        Assert.Equal(0, pool.Free);

        writer.Gate.SetResult();
        await writing;
        Assert.Equal(1, writer.Writes);
        Assert.NotSame(commit, pool.Rent(new Writer()));
    }

    [Fact]
    public void The_pool_keeps_a_bounded_number_of_free_commits()
    {
        var pool = new GroupCommitPool(WriteFor, metrics: null, grain: "test");
        var commits = Enumerable.Range(0, GroupCommitPool.Retained + 10).Select(_ => pool.Rent(new Writer())).ToList();
        foreach (var commit in commits)
        {
            pool.Return(commit);
        }

        Assert.Equal(GroupCommitPool.Retained, pool.Free);
    }

    private sealed class Writer
    {
        public int Writes { get; private set; }

        public TaskCompletionSource? Gate { get; init; }

        public async Task WriteAsync()
        {
            if (Gate is not null)
            {
                await Gate.Task;
            }

            Writes++;
        }
    }
}
