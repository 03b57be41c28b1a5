using Microsoft.Extensions.Options;

namespace Firebreak.Server.Ledger;

/// <summary>
/// Prunes ledger entries older than the retention window, in chunks so that writers are never blocked for long; signs
/// the checkpoint it leaves with the anchor key when anchoring is on.
/// </summary>
internal sealed partial class RetentionService(
    LedgerStore ledger,
    TimeProvider time,
    IOptions<FirebreakOptions> options,
    ILogger<RetentionService> logger,
    LedgerAnchors? anchors = null) : BackgroundService
{
    public const int ChunkSize = 10_000;

    /// <summary>Prunes everything older than the window; returns the number of entries removed.</summary>
    public async Task<long> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        long total = 0;
        long pruned;
        do
        {
            pruned = await ledger.PruneAsync(cutoff, ChunkSize, cancellationToken, anchors?.CheckpointSigner);
            total += pruned;
        }
        while (pruned == ChunkSize);

        if (total > 0)
        {
            LogPruned(logger, total, cutoff);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, time);
        do
        {
            try
            {
                await PruneOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention pruned {Count} ledger entries recorded before {Cutoff}")]
    private static partial void LogPruned(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention run failed; it will be tried again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
