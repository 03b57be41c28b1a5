using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Firebreak.Server.Incidents;

internal static class IncidentsServiceCollectionExtensions
{
    /// <summary>Adds incidents: store, timeline, message templates, webhook delivery, escalation of unanswered pages and the <c>Firebreak.Incidents</c> meter exported for Prometheus.</summary>
    public static IServiceCollection AddFirebreakIncidents(this IServiceCollection services)
    {
        services.AddOptions<IncidentOptions>()
            .BindConfiguration(IncidentOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>();
        services.AddOptions<EscalationOptions>()
            .BindConfiguration(EscalationOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>();
        services.AddSingleton<IncidentPages>();
        services.AddSingleton<IncidentEscalation>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<IncidentTimeline>();
        services.AddSingleton<IncidentTemplateFiles>();
        services.AddSingleton<IncidentInstruments>();
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddHttpClient(WebhookDispatcher.ClientName);
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<EscalationService>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(IncidentInstruments.MeterName).AddPrometheusExporter());
        return services;
    }
}
