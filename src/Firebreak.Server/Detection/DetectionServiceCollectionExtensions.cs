namespace Firebreak.Server.Detection;

internal static class DetectionServiceCollectionExtensions
{
    /// <summary>Adds detection: the alert store, the service tailing the ledger, and the <c>Firebreak.Detection</c> meter exported for Prometheus.</summary>
    public static IServiceCollection AddFirebreakDetection(this IServiceCollection services)
    {
        services.AddOptions<DetectionOptions>().BindConfiguration(DetectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<LedgerTail>();
        services.AddSingleton<DetectionInstruments>();
        services.AddHostedService<DetectionService>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(DetectionInstruments.MeterName));
        return services;
    }
}
