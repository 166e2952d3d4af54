// Test clusters share two cores: running them in parallel makes timing-dependent Orleans
// internals (membership, activation) flaky, so collections run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
