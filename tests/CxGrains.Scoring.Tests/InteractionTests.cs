namespace CxGrains.Scoring.Tests;

[Trait("Tier", "Fast")]
public sealed class InteractionTests
{
    [Fact]
    public void Factories_reject_out_of_range_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Nps(11, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Nps(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Csat(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Csat(6, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Ces(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Complaint(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Contact(0, -1, 0, true, true, 0, false, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Contact(0, double.NaN, 0, true, true, 0, false, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Contact(0, 1, double.PositiveInfinity, true, true, 0, false, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Contact(0, 1, 1, true, true, -1, false, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Contact(0, 1, 1, true, true, 0, false, 1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interaction.Purchase(double.NaN, 0));
    }

    [Fact]
    public void Factories_keep_what_they_are_given()
    {
        var contact = Interaction.Contact(123, 45.5, 300.25, true, false, 2, false, -0.25);
        Assert.Equal(InteractionKind.Contact, contact.Kind);
        Assert.Equal(123, contact.OccurredAtTicks);
        Assert.Equal(45.5, contact.WaitSeconds);
        Assert.Equal(300.25, contact.HandleSeconds);
        Assert.True(contact.Resolved);
        Assert.False(contact.FirstContact);
        Assert.Equal(2, contact.Transfers);
        Assert.False(contact.Abandoned);
        Assert.Equal(-0.25, contact.Sentiment);
        Assert.Equal(0, contact.Score);

        var purchase = Interaction.Purchase(-12.5, 9);
        Assert.Equal(InteractionKind.Purchase, purchase.Kind);
        Assert.Equal(-12.5, purchase.Amount);

        var complaint = Interaction.Complaint(3, 7);
        Assert.Equal(InteractionKind.Complaint, complaint.Kind);
        Assert.Equal(3, complaint.Score);
    }
}
