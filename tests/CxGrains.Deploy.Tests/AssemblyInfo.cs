// Hosts started here bind ports, run silos and PostgreSQL: on two cores they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
