using Npgsql;

namespace Firebreak.Server.Tests.Infrastructure;

public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task CreateDatabase_ReturnsIsolatedDatabases()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = await postgres.Server.CreateDatabaseAsync(cancellationToken: cancellationToken);
        var second = await postgres.Server.CreateDatabaseAsync(cancellationToken: cancellationToken);

        // The same table name in both databases only works if they are really separate.
        await WriteMarkerAsync(first, "first", cancellationToken);
        await WriteMarkerAsync(second, "second", cancellationToken);

        Assert.NotEqual(first, second);
        Assert.Equal(["first"], await ReadMarkersAsync(first, cancellationToken));
        Assert.Equal(["second"], await ReadMarkersAsync(second, cancellationToken));
    }

    [Fact]
    public async Task CreateDatabase_WithName_ConnectsToThatDatabaseOverLoopbackTcp()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = $"named_{Guid.NewGuid():N}";

        var connectionString = await postgres.Server.CreateDatabaseAsync(name, cancellationToken);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_database(), inet_server_addr()::text", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Assert.True(await reader.ReadAsync(cancellationToken));
        Assert.Equal(name, reader.GetString(0));
        Assert.Equal("127.0.0.1/32", reader.GetString(1));
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("with space")]
    [InlineData("quote\"d")]
    [InlineData("1starts_with_digit")]
    public async Task CreateDatabase_RejectsNamesThatAreNotPlainIdentifiers(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => postgres.Server.CreateDatabaseAsync(name, TestContext.Current.CancellationToken));
    }

    private static async Task WriteMarkerAsync(string connectionString, string value, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand("CREATE TABLE marker (value text NOT NULL)", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO marker (value) VALUES ($1)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = value } },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<string>> ReadMarkersAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT value FROM marker ORDER BY value", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
