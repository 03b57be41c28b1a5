using Firebreak.Server.Storage;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>
/// The life of a store contract: each test gets a fresh database from the backend's subclass (SQLite or PostgreSQL),
/// the stores over it, and the sample agent in the registry.
/// </summary>
public abstract class StoreContractBase : IAsyncLifetime
{
    private StoreHarness? _harness;

    private protected StoreHarness Stores => _harness ?? throw new InvalidOperationException("Not initialized.");

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await StoreHarness.StartAsync(await CreateDatabaseAsync());
        await Stores.Registry.UpsertAsync(Samples.Support, "test", "tester", CancellationToken.None);
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private protected abstract Task<Database> CreateDatabaseAsync();

    /// <summary>What a contract adds once the stores are up; nothing by default.</summary>
    private protected virtual Task SeedAsync() => Task.CompletedTask;
}
