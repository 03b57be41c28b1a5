namespace Firebreak.Server.Security;

internal static class SecurityServiceCollectionExtensions
{
    /// <summary>Adds what records refused attempts of agent keys: the per-agent log and the <c>Firebreak.Security</c> meter exported for Prometheus.</summary>
    public static IServiceCollection AddFirebreakRefusals(this IServiceCollection services)
    {
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<RefusalInstruments>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(RefusalInstruments.MeterName));
        return services;
    }
}
