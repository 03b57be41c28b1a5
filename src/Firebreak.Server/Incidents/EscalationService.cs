using Microsoft.Extensions.Options;

namespace Firebreak.Server.Incidents;

/// <summary>Runs <see cref="IncidentEscalation.ScanAsync"/> every <see cref="EscalationOptions.ScanInterval"/>; a failed scan is logged and the next one tries again.</summary>
internal sealed partial class EscalationService(
    IncidentEscalation escalation,
    IOptions<EscalationOptions> options,
    TimeProvider time,
    ILogger<EscalationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await escalation.ScanAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogScanFailed(logger, ex);
                }

                await Task.Delay(options.Value.ScanInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the state is stored, so the next start resumes every schedule.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An escalation scan failed; the next scan tries again")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
