using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Ledger;

public sealed class RetentionServiceTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private StoreHarness? _stores;

    private StoreHarness Stores => _stores!;

    public async ValueTask InitializeAsync()
    {
        _stores = await StoreHarness.StartAsync(new SqliteDatabase(_directory.File("firebreak.db")));
        await Stores.Registry.UpsertAsync(Samples.Support, "test", "tester", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task PruneOnce_RemovesOnlyWhatIsOlderThanTheWindow_InChunks_AndTheChainStillVerifies()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < RetentionService.ChunkSize + 5; i++)
        {
            await Stores.Ledger.RecordActionAsync(Samples.Refund($"old-{i}"), ct);
        }

        Stores.Time.Advance(TimeSpan.FromDays(29));
        await Stores.Ledger.RecordActionAsync(Samples.Refund("recent"), ct);
        Stores.Time.Advance(TimeSpan.FromDays(2));
        var retention = new RetentionService(Stores.Ledger, Stores.Time, Options.Create(new FirebreakOptions { RetentionDays = 30 }), NullLogger<RetentionService>.Instance);

        var pruned = await retention.PruneOnceAsync(ct);

        Assert.Equal(RetentionService.ChunkSize + 5, pruned);
        Assert.Equal(["recent"], (await Stores.Ledger.ListActionsAsync(new ActionQuery(), ct)).Select(a => a.IdempotencyKey));
        var verification = await Stores.Ledger.VerifyAsync(ct);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(RetentionService.ChunkSize + 5, verification.CheckpointSeq);
        Assert.Equal(0, await retention.PruneOnceAsync(ct));
    }
}
