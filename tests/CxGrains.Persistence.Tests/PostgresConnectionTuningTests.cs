using Npgsql;

namespace CxGrains.Persistence.Tests;

[Trait("Tier", "Fast")]
public sealed class PostgresConnectionTuningTests
{
    [Fact]
    public void A_connection_string_without_them_gets_no_reset_and_auto_prepare_and_keeps_the_rest()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnectionTuning.Apply("Host=127.0.0.1;Port=5433;Database=cx;Username=cx;Maximum Pool Size=40"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(PostgresConnectionTuning.MaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(("127.0.0.1", 5433, "cx", "cx", 40), (tuned.Host, tuned.Port, tuned.Database, tuned.Username, tuned.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=127.0.0.1;maxautoprepare=0;NoResetOnClose=false")]
    public void What_the_operator_names_stays_as_named(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnectionTuning.Apply(connectionString));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}
