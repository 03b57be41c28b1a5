
namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test assembly: starting a cluster costs seconds, a database
/// milliseconds, so test classes share the server and each creates its own database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server
        ?? throw new InvalidOperationException($"{nameof(PostgresFixture)} is used before xunit initialized it.");

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
