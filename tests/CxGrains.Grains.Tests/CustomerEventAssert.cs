using CxGrains.Abstractions;

namespace CxGrains.Grains.Tests;

/// <summary>Compares events field by field: what a layout that writes and reads them back must keep.</summary>
internal static class CustomerEventAssert
{
    public static void Same(CustomerEvent expected, CustomerEvent actual)
    {
        Assert.Equal(
            (expected.EventId, expected.TouchpointId, expected.Channel, expected.Stage, expected.Interaction, expected.ReceivedAtTicks, expected.Comment),
            (actual.EventId, actual.TouchpointId, actual.Channel, actual.Stage, actual.Interaction, actual.ReceivedAtTicks, actual.Comment));
        Assert.Equal(expected.ReasonCodes, actual.ReasonCodes);
        Assert.Equal(expected.Attributes, actual.Attributes);
    }

    public static void Same(IReadOnlyList<CustomerEvent> expected, IReadOnlyList<CustomerEvent> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Same(expected[i], actual[i]);
        }
    }
}
