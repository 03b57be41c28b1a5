using Microsoft.Extensions.Options;

namespace Firebreak.Server.Releases;

/// <summary>Checks running gradual restores every <see cref="ReleaseOptions.RestoreTick"/> and judges the stages that are due.</summary>
internal sealed partial class RestoreService(RestorePlane plane, IOptions<ReleaseOptions> options, TimeProvider time, ILogger<RestoreService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RestoreTick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await plane.TickAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad tick (a database hiccup) must not end restores for good; the next tick tries again.
                    LogTickFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Judging gradual restores failed; retrying on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
