using Microsoft.Extensions.Options;

namespace Firebreak.Server.Outbound;

internal static class OutboundServiceCollectionExtensions
{
    /// <summary>Adds the outbound guard and the named HTTP clients that go through it, one per name in <paramref name="clientNames"/>.</summary>
    public static IServiceCollection AddFirebreakOutbound(this IServiceCollection services, params string[] clientNames)
    {
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboundOptions>, OutboundOptionsValidator>();
        services.AddSingleton<OutboundPolicy>();
        foreach (var name in clientNames)
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<OutboundPolicy>().CreateHandler());
        }

        return services;
    }
}
