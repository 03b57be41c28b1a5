using Firebreak.Guardrails;
using Firebreak.Server.Auth;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Firebreak.Server.Mcp;

/// <summary>Registers the MCP gateway (<c>/mcp/{agent}</c>, Streamable HTTP) on the official MCP C# SDK.</summary>
internal static class McpGatewayExtensions
{
    public const string PathPrefix = "/mcp";

    public static IServiceCollection AddFirebreakMcpGateway(this IServiceCollection services)
    {
        services.AddOptions<McpOptions>().BindConfiguration(McpOptions.Section);
        services.AddSingleton<McpUpstreamPolicy>();
        services.AddSingleton<McpGateways>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(GuardrailMetrics.MeterName));
        services.AddHostedService(provider => provider.GetRequiredService<McpGateways>());
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "firebreak-mcp-gateway", Version = GatewayVersion.Value };
                options.Capabilities = new ServerCapabilities
                {
                    Tools = new ToolsCapability { ListChanged = true },
                    Resources = new ResourcesCapability { ListChanged = true },
                    Prompts = new PromptsCapability { ListChanged = true },
                };
            })
            .WithHttpTransport(options =>
            {
                // Sessions are kept so that a control change can reach them with notifications/{tools,resources,prompts}/list_changed.
                options.SessionMode = HttpServerSessionMode.Stateful;
#pragma warning disable MCPEXP002 // The supported way to follow a session's lifetime, which list_changed notifications need.
                options.RunSessionHandler = (http, session, cancellationToken) =>
                    http.RequestServices.GetRequiredService<McpGateways>().RunSessionAsync(http, session, cancellationToken);
#pragma warning restore MCPEXP002
            })
            .WithListToolsHandler((request, cancellationToken) => Gateway(request).ListToolsAsync(cancellationToken))
            .WithCallToolHandler((request, cancellationToken) => Gateway(request).CallToolAsync(request, cancellationToken))
            .WithListResourcesHandler((request, cancellationToken) => Gateway(request).ListResourcesAsync(cancellationToken))
            .WithListResourceTemplatesHandler((request, cancellationToken) => Gateway(request).ListResourceTemplatesAsync(cancellationToken))
            .WithReadResourceHandler((request, cancellationToken) => Gateway(request).ReadResourceAsync(request.Params, cancellationToken))
            .WithListPromptsHandler((request, cancellationToken) => Gateway(request).ListPromptsAsync(cancellationToken))
            .WithGetPromptHandler((request, cancellationToken) => Gateway(request).GetPromptAsync(request.Params, cancellationToken));
        return services;
    }

    /// <summary>Maps <c>/mcp/{agent}</c>; call after authorization is in the pipeline.</summary>
    public static WebApplication MapFirebreakMcpGateway(this WebApplication app)
    {
        app.UseMiddleware<McpGatewayAccessMiddleware>();
        app.MapMcp($"{PathPrefix}/{{agent}}").RequireAuthorization(Policies.Record).WithTags("MCP");
        app.MapMcpToolsEndpoints();
        return app;
    }

    private static McpAgentGateway Gateway<T>(RequestContext<T> request) =>
        (request.Services ?? throw new McpProtocolException("No services.", McpErrorCode.InternalError)).GetRequiredService<McpGateways>().For(request.Server);
}
