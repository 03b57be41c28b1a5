namespace Firebreak.Server.Playbooks;

internal static class PlaybooksServiceCollectionExtensions
{
    /// <summary>Adds playbooks: the execution store, the engine, and the service that answers new alerts from the feed.</summary>
    public static IServiceCollection AddFirebreakPlaybooks(this IServiceCollection services)
    {
        services.AddSingleton<PlaybookStore>();
        services.AddSingleton<PlaybookEngine>();
        services.AddSingleton<RecentAlerts>();
        services.AddHostedService<PlaybookService>();
        return services;
    }
}
