using CxGrains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace CxGrains.Grains.Tests;

/// <summary>A storage failure reaches the caller as itself, with the store's reason, across a silo boundary.</summary>
public sealed class StorageUnavailableExceptionTests
{
    [Fact]
    public void A_store_failure_crosses_a_silo_boundary_with_its_cause_in_the_message()
    {
        using var services = new ServiceCollection()
            .AddSerializer(s => s.AddAssembly(typeof(StorageUnavailableException).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var cause = new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01");

        var sent = StorageUnavailableException.Because("the customer's events could not be journaled", cause);
        var received = Assert.IsType<StorageUnavailableException>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(sent)));

        Assert.Equal("storage is unavailable: the customer's events could not be journaled: 40P01: deadlock detected", received.Message);

        // Why the cause is not carried: the reply would fail to serialize, and the caller would learn nothing of storage.
        Assert.Throws<CodecNotFoundException>(() => serializer.SerializeToArray<Exception>(new StorageUnavailableException("storage is unavailable", cause)));
    }
}
