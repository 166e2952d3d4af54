// Each scenario runs four host processes on two cores: never two scenarios at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
