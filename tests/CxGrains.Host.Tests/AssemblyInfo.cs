// Every test class shares one host (an Orleans silo plus Kestrel); tests that measure the
// server's in-flight batches or scan its logs must not overlap, so nothing runs in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
