namespace CxGrains.Abstractions;

/// <summary>Rolling metrics of one touchpoint (a queue, a page, a store), keyed by touchpoint id.</summary>
public interface ITouchpointGrain : IAggregateGrain;
