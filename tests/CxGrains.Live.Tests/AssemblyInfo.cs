// Each collection starts real hosts (Orleans silos plus Kestrel); on two cores they must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
