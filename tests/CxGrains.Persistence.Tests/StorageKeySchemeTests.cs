namespace CxGrains.Persistence.Tests;

[Trait("Tier", "Fast")]
public sealed class StorageKeySchemeTests
{
    [Theory]
    [InlineData("customer", "C-10023", "k:customer/C-10023")]
    [InlineData("customer", "00abc890", "k:customer/00abc890")]
    [InlineData("customer", "a+b", "k:customer/a%2Bb")]
    [InlineData("customer", "k:a/b", "k:customer/k%3Aa%2Fb")]
    [InlineData("customer", "100%", "k:customer/100%25")]
    [InlineData("customer", "é", "k:customer/%C3%A9")]
    [InlineData("touchpoint", "web.checkout~1", "k:touchpoint/web.checkout~1")]
    public void Storage_key_is_prefixed_escaped_and_readable(string type, string key, string expected) =>
        Assert.Equal(expected, StorageKeyScheme.ToStorageKey(GrainId.Create(type, key)));

    [Theory]
    [InlineData("abc890")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("a+b")]
    [InlineData("ffffffffffffffff+ext")]
    public void Storage_id_never_parses_as_an_integer_or_guid_key(string key)
    {
        var original = GrainId.Create("customer", key);
        Assert.True(original.TryGetIntegerKey(out _, out _) || original.TryGetGuidKey(out _, out _));

        var stored = StorageKeyScheme.ToStorageId(original);

        Assert.False(stored.TryGetIntegerKey(out _, out _));
        Assert.False(stored.TryGetGuidKey(out _, out _));
        Assert.DoesNotContain('+', stored.Key.ToString());
        Assert.Equal(original.Type, stored.Type);
    }

    [Fact]
    public void Distinct_grain_ids_give_distinct_storage_keys()
    {
        string[] types = ["customer", "touchpoint", "customer/x", "c%2F"];
        string[] keys = ["a", "A", "a+b", "a/b", "a%2Fb", "00abc890", "abc890", "k:", "%", "%25", "é", "e\u0301", "/"];
        var seen = new Dictionary<string, (string, string)>(StringComparer.Ordinal);

        foreach (var type in types)
        {
            foreach (var key in keys)
            {
                var storageKey = StorageKeyScheme.ToStorageKey(GrainId.Create(type, key));
                Assert.True(seen.TryAdd(storageKey, (type, key)), $"{type}/{key} collides with {seen.GetValueOrDefault(storageKey)}");
            }
        }
    }

    [Theory]
    [InlineData("customer", "C-10023")]
    [InlineData("customer", "a+b/c%d:e")]
    [InlineData("cx.touchpoint`1[[System.String]]", "\U0001F600 key")]
    public void TryParse_reverses_the_storage_key(string type, string key)
    {
        var original = GrainId.Create(type, key);

        Assert.True(StorageKeyScheme.TryParse(StorageKeyScheme.ToStorageKey(original), out var parsed));
        Assert.Equal(original, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("customer/abc")]
    [InlineData("k:customer")]
    [InlineData("k:customer/a+b")]
    [InlineData("k:customer/%2")]
    [InlineData("k:customer/%2b")]
    [InlineData("k:customer/é")]
    public void TryParse_rejects_non_canonical_keys(string? storageKey) =>
        Assert.False(StorageKeyScheme.TryParse(storageKey, out _));
}
