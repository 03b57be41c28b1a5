using System.Security.Cryptography;
using Firebreak.Auth;
using Firebreak.Server.Auth;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Auth;

/// <summary>The key-lookup cache: bounded whatever keys are sent, expiring after <see cref="ApiKeyStore.CacheFor"/>, cleared by a revocation on its node.</summary>
public sealed class ApiKeyStoreCacheTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private StoreHarness? _stores;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StoreHarness Stores => _stores!;

    public async ValueTask InitializeAsync() =>
        _stores = await StoreHarness.StartAsync(new SqliteDatabase(_directory.File("firebreak.db")));

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task RandomKeys_NeverGrowTheCacheBeyondItsSize_AndTheKeyInUseStillAuthenticates()
    {
        using var keys = NodeStore(cacheSize: 16);
        var created = await keys.CreateAsync(new CreateApiKeyRequest("support-bot", ApiKeyRole.Agent, "support"), Ct);

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Null(await keys.FindActiveAsync($"fbk_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}", Ct));
            Assert.InRange(keys.CachedCount, 0, 16);
            if (i % 100 == 0)
            {
                Assert.Equal(created.Id, (await keys.FindActiveAsync(created.Key, Ct))?.Id);
            }
        }
    }

    [Fact]
    public async Task ARevocationOnAnotherNode_TakesEffectHere_OnceTheCachedLookupExpires()
    {
        using var here = NodeStore(cacheSize: 100);
        var created = await Stores.Keys.CreateAsync(new CreateApiKeyRequest("support-bot", ApiKeyRole.Agent, "support"), Ct);
        Assert.NotNull(await here.FindActiveAsync(created.Key, Ct));

        Assert.True(await Stores.Keys.RevokeAsync(created.Id, Ct));
        var stillCached = await here.FindActiveAsync(created.Key, Ct);
        Stores.Time.Advance(ApiKeyStore.CacheFor + TimeSpan.FromMilliseconds(1));
        var expired = await here.FindActiveAsync(created.Key, Ct);

        Assert.NotNull(stillCached);
        Assert.Null(expired);
    }

    [Fact]
    public async Task ARevocationOnThisNode_TakesEffectAtOnce()
    {
        var created = await Stores.Keys.CreateAsync(new CreateApiKeyRequest("support-bot", ApiKeyRole.Agent, "support"), Ct);
        Assert.NotNull(await Stores.Keys.FindActiveAsync(created.Key, Ct));

        Assert.True(await Stores.Keys.RevokeAsync(created.Id, Ct));

        Assert.Null(await Stores.Keys.FindActiveAsync(created.Key, Ct));
    }

    [Fact]
    public async Task AKeyLookedUpBeforeItWasStored_WorksAtOnceWhenStored()
    {
        const string key = "fbk_configured_before_it_existed";
        Assert.Null(await Stores.Keys.FindActiveAsync(key, Ct));

        await Stores.Keys.StoreAsync(key, new CreateApiKeyRequest("bootstrap", ApiKeyRole.Operator), Ct);

        Assert.NotNull(await Stores.Keys.FindActiveAsync(key, Ct));
    }

    [Fact]
    public async Task AMiss_IsCachedOnlyFor_CacheFor()
    {
        using var here = NodeStore(cacheSize: 100);
        const string key = "fbk_created_on_another_node";
        Assert.Null(await here.FindActiveAsync(key, Ct));

        await Stores.Keys.StoreAsync(key, new CreateApiKeyRequest("elsewhere", ApiKeyRole.Viewer), Ct);
        var cachedMiss = await here.FindActiveAsync(key, Ct);
        Stores.Time.Advance(ApiKeyStore.CacheFor + TimeSpan.FromMilliseconds(1));

        Assert.Null(cachedMiss);
        Assert.NotNull(await here.FindActiveAsync(key, Ct));
    }

    /// <summary>A second node's store on the same database and clock.</summary>
    private ApiKeyStore NodeStore(int cacheSize) =>
        new(Stores.Database, Stores.Writer, Stores.Time, Options.Create(new AuthOptions { KeyCacheSize = cacheSize }));
}
