using CxGrains.Grains.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxGrains.Grains.Tests;

public sealed class MembershipChurnTests
{
    [Fact]
    public void An_activation_follows_the_stored_state_from_Follow_to_Unfollow_and_others_never()
    {
        // The membership service is only watched once the silo starts; following needs none of it.
        using var churn = new MembershipChurn(null!, TimeProvider.System, NullLogger<MembershipChurn>.Instance);
        var follower = new object();
        var other = new object();
        Assert.False(churn.IsFollowing(follower));

        churn.Follow(follower);
        churn.Follow(follower);
        Assert.True(churn.IsFollowing(follower));
        Assert.False(churn.IsFollowing(other));

        // By reference: an equal but distinct activation does not follow.
        Assert.False(churn.IsFollowing(new object()));

        churn.Unfollow(follower);
        churn.Unfollow(other);
        Assert.False(churn.IsFollowing(follower));
    }
}
