using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxGrains.Grains.Customers;

/// <summary>
/// The silo's services and settings every customer grain uses, in one object per silo. A million
/// customers stay in memory, and each holds one reference to this instead of a dozen of its own
/// (about 100 bytes per customer).
/// </summary>
public sealed class CustomerGrainServices(
    IOptions<CustomerOptions> customerOptions,
    IOptions<DurabilityOptions> durabilityOptions,
    CustomerEventApplier applier,
    CustomerHealthReporter health,
    AggregateAccumulator accumulator,
    AttributeDictionaryPool attributeDictionaries,
    CustomerWriteBehind writeBehind,
    UnsavedEventBuffers unsavedEvents,
    BandChangeSweep bandSweep,
    Health.Scorecards scorecards,
    CustomerStore store,
    CustomerStateMerger merger,
    GrainMetrics metrics,
    MembershipChurn churn,
    TimeProvider time,
    ILogger<CustomerGrain> logger)
{
    /// <summary>Customer settings (<c>Cx:Customers</c>).</summary>
    public CustomerOptions Options { get; } = customerOptions.Value;

    /// <summary>Durability settings (<c>Cx:Durability</c>).</summary>
    public DurabilityOptions Durability { get; } = durabilityOptions.Value;

    /// <summary>Applies events to a customer's state.</summary>
    public CustomerEventApplier Applier { get; } = applier;

    /// <summary>Re-scores customers and reports their bands.</summary>
    public CustomerHealthReporter Health { get; } = health;

    /// <summary>The silo's accumulator of touchpoint and segment counts.</summary>
    public AggregateAccumulator Accumulator { get; } = accumulator;

    /// <summary>Attribute sets shared by the silo's customers.</summary>
    public AttributeDictionaryPool AttributeDictionaries { get; } = attributeDictionaries;

    /// <summary>The silo's write-behind clock.</summary>
    public CustomerWriteBehind WriteBehind { get; } = writeBehind;

    /// <summary>Buffers of the events customers applied and have not yet stored.</summary>
    public UnsavedEventBuffers UnsavedEvents { get; } = unsavedEvents;

    /// <summary>The silo's sweep of customers whose band changes with time.</summary>
    public BandChangeSweep BandSweep { get; } = bandSweep;

    /// <summary>Scorecards by customer attributes.</summary>
    public Health.Scorecards Scorecards { get; } = scorecards;

    /// <summary>Reads and writes customer states.</summary>
    public CustomerStore Store { get; } = store;

    /// <summary>Merges stored states with an activation's events.</summary>
    public CustomerStateMerger Merger { get; } = merger;

    /// <summary>The silo's grain metrics.</summary>
    public GrainMetrics Metrics { get; } = metrics;

    /// <summary>Whether the membership is unsettled, and which activations follow the stored state meanwhile.</summary>
    public MembershipChurn Churn { get; } = churn;

    /// <summary>The silo's clock.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The customer grains' logger.</summary>
    public ILogger<CustomerGrain> Logger { get; } = logger;
}
