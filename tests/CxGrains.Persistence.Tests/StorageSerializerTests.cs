using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace CxGrains.Persistence.Tests;

/// <summary>
/// The stored format does not depend on which buffer writes it: CxGrains' serializer writes exactly
/// the bytes Orleans' own storage serializer writes (so rows written by either read back with
/// either), whatever the size of the state, and whether into an array of its own or a rented buffer.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class StorageSerializerTests
{
    public static TheoryData<int> Sizes => [0, 1, 10, 300, 20_000];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Writes_the_same_bytes_as_the_Orleans_storage_serializer_and_reads_them_back(int items)
    {
        using var services = new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(TestState).Assembly))
            .BuildServiceProvider();
        var ours = StorageSerializer.Create(services);
        var orleans = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        var state = new NestedTestState
        {
            Name = $"state of {items}",
            Values = [.. Enumerable.Range(0, items).Select(i => (long)i * 7919)],
            ByName = Enumerable.Range(0, items).ToDictionary(i => $"k{i}", i => new TestState { Value = i, Text = new string('x', i % 50) }),
            Kind = items % 2 == 0 ? TestKind.Even : TestKind.Odd,
        };

        var written = ours.Serialize(state).ToArray();
        var forWrite = StorageSerializer.Serialize(ours, state);

        Assert.Equal(orleans.Serialize(state).ToArray(), written);

        // A store's write serializes into a rented buffer, unless the state is too large to pool.
        Assert.Equal(written, forWrite.Buffer.AsSpan(0, forWrite.Length).ToArray());
        Assert.Equal(written.Length <= StatePayloads.LargestPooled, forWrite.Rented);
        forWrite.Release();
        var read = orleans.Deserialize<NestedTestState>(new BinaryData(written))!;
        Assert.Equal(state.Name, read.Name);
        Assert.Equal(state.Values, read.Values);
        Assert.Equal(state.ByName.Select(p => (p.Key, p.Value.Value, p.Value.Text)), read.ByName.Select(p => (p.Key, p.Value.Value, p.Value.Text)));
        Assert.Equal(state.Kind, ours.Deserialize<NestedTestState>(orleans.Serialize(state))!.Kind);
    }
}

[GenerateSerializer]
[Alias("cx.tests.nested-test-state")]
public sealed class NestedTestState
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public List<long> Values { get; set; } = [];

    [Id(2)]
    public Dictionary<string, TestState> ByName { get; set; } = [];

    [Id(3)]
    public TestKind Kind { get; set; }
}

[GenerateSerializer]
public enum TestKind
{
    Even,
    Odd,
}
