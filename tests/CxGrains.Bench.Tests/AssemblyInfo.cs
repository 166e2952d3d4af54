// The smoke runs start silo processes and measure them; running two at once would only make both slower.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
