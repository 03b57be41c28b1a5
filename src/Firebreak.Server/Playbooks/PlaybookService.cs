using Firebreak.Playbooks;
using Firebreak.Server.Detection;
using Firebreak.Server.Registry;

namespace Firebreak.Server.Playbooks;

/// <summary>
/// Answers new alerts: for each alert published on the <see cref="AlertFeed"/>, applies the first matching automatic
/// playbook of the alert's agent, once per alert. Alerts are answered one at a time, in the order they arrive, so two
/// alerts of one agent never race to contain it.
/// </summary>
internal sealed partial class PlaybookService(
    AlertFeed feed,
    RecentAlerts recent,
    RegistryStore registry,
    PlaybookEngine engine,
    ILogger<PlaybookService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in feed.SubscribeAsync(stoppingToken))
            {
                recent.Add(alert);
                try
                {
                    if (await registry.GetAsync(alert.AgentId, stoppingToken) is { } agent
                        && PlaybookPlanner.FirstAutomatic(agent, alert) is { } playbook)
                    {
                        var outcome = await engine.ApplyAsync(agent, playbook, new PlaybookTrigger(alert), automatic: true, dryRun: false, PlaybookEngine.Automatic, stoppingToken);
                        if (outcome.Invalid is { } invalid)
                        {
                            LogInvalid(logger, playbook.Name, alert.AgentId, invalid.ToString());
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex, alert.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Playbook {Playbook} of agent {AgentId} could not be planned: {Errors}")]
    private static partial void LogInvalid(ILogger logger, string playbook, string agentId, string errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering alert {AlertId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string alertId);
}
