using Xunit;

namespace CxGrains.TestSupport;

/// <summary>
/// Waits for an eventually-consistent condition (aggregates lag events by one accumulator flush).
/// Not a timing assertion: the deadline only bounds how long a broken build takes to fail.
/// </summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what = "condition", int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not met within {timeoutSeconds} s: {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Reads until <paramref name="done"/> accepts the value, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not met within {timeoutSeconds} s: {what}. Last value: {value}");
            }

            await Task.Delay(20);
        }
    }
}
