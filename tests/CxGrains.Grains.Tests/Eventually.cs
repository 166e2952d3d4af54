namespace CxGrains.Grains.Tests;

/// <summary>
/// Waits for an eventually-consistent condition (aggregates lag events by one accumulator flush).
/// Not a timing assertion: the deadline only bounds how long a broken build takes to fail.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeoutSeconds} s.");
            }

            await Task.Delay(20);
        }
    }
}
