using CxGrains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace CxGrains.Grains.Customers;

/// <summary>
/// Reads and writes customers' states in the silo's grain storage. One per silo: a customer grain is its own
/// <see cref="IGrainState{T}"/>, and keeps no storage reference of its own (a million of them stay in memory).
/// </summary>
public sealed class CustomerStore([FromKeyedServices(StorageNames.Provider)] IGrainStorage storage)
{
    /// <summary>Reads the customer's stored state into <paramref name="customer"/>, on activation.</summary>
    /// <exception cref="StorageUnavailableException">The store could not be read.</exception>
    public async Task LoadAsync(GrainId id, IGrainState<CustomerState> customer)
    {
        try
        {
            await storage.ReadStateAsync(StorageNames.Customer, id, customer);
        }
        catch (Exception ex)
        {
            throw StorageUnavailableException.Because("the customer's stored state could not be read", ex);
        }
    }

    /// <summary>
    /// Reads the stored state into a holder rather than into the grain: calls keep applying events while the read is
    /// in flight.
    /// </summary>
    public async Task<GrainState<CustomerState>> ReadAsync(GrainId id)
    {
        var stored = new GrainState<CustomerState>();
        await storage.ReadStateAsync(StorageNames.Customer, id, stored);
        return stored;
    }

    /// <summary>
    /// Writes <paramref name="customer"/>'s state; a state without events (an erased customer) clears the record.
    /// The storage copies the state at the call. Throws <see cref="InconsistentStateException"/> when another
    /// activation wrote since this one read.
    /// </summary>
    public Task WriteAsync(GrainId id, IGrainState<CustomerState> customer) =>
        customer.State is not { EventCount: > 0 }
            ? storage.ClearStateAsync(StorageNames.Customer, id, customer)
            : storage.WriteStateAsync(StorageNames.Customer, id, customer);
}
