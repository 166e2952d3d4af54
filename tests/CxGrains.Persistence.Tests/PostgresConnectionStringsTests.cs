using Npgsql;

namespace CxGrains.Persistence.Tests;

public sealed class PostgresConnectionStringsTests
{
    [Fact]
    public void A_connection_string_without_the_setting_gets_no_session_reset_and_keeps_the_rest()
    {
        var result = new NpgsqlConnectionStringBuilder(
            PostgresConnectionStrings.WithoutSessionReset("Host=db.internal;Port=6432;Username=cx;Password=s3cret;Database=cxgrains;Maximum Pool Size=40"));

        Assert.True(result.NoResetOnClose);
        Assert.Equal("db.internal", result.Host);
        Assert.Equal(6432, result.Port);
        Assert.Equal("cx", result.Username);
        Assert.Equal("s3cret", result.Password);
        Assert.Equal("cxgrains", result.Database);
        Assert.Equal(40, result.MaxPoolSize);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false", false)]
    [InlineData("Host=db;no reset on close=False", false)]
    [InlineData("Host=db;No Reset On Close=true", true)]
    public void An_explicit_setting_is_kept(string connectionString, bool expected)
    {
        var result = PostgresConnectionStrings.WithoutSessionReset(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(result).NoResetOnClose);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_naming_the_problem()
    {
        Assert.ThrowsAny<ArgumentException>(() => PostgresConnectionStrings.WithoutSessionReset("Host=db;Bogus Setting=1"));
    }
}
