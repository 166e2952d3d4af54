namespace CxGrains.Persistence.Tests;

// Two grain classes with the same state name: their keys must not share rows.
public interface ICustomerCounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Get();

    Task Clear();
}

public interface ITouchpointCounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Get();
}

public sealed class CustomerCounterGrain(
    [PersistentState("counter", StorageHost.ProviderName)] IPersistentState<TestState> counter) : Grain, ICustomerCounterGrain
{
    public async Task<int> Add(int amount)
    {
        counter.State.Value += amount;
        counter.State.Text = this.GetPrimaryKeyString();
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Value);

    public Task Clear() => counter.ClearStateAsync();
}

public sealed class TouchpointCounterGrain(
    [PersistentState("counter", StorageHost.ProviderName)] IPersistentState<TestState> counter) : Grain, ITouchpointCounterGrain
{
    public async Task<int> Add(int amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Value);
}
