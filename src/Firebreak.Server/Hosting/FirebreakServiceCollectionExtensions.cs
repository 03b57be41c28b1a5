using Firebreak.Serialization;
using Firebreak.Server.Approvals;
using Firebreak.Server.Auth;
using Firebreak.Server.Compensation;
using Firebreak.Server.Control;
using Firebreak.Server.Decisions;
using Firebreak.Server.Detection;
using Firebreak.Server.GameDays;
using Firebreak.Server.Held;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Firebreak.Server.Mcp;
using Firebreak.Server.Otlp;
using Firebreak.Server.Outbound;
using Firebreak.Server.Playbooks;
using Firebreak.Server.Registry;
using Firebreak.Server.Regression;
using Firebreak.Server.Releases;
using Firebreak.Server.Security;
using Firebreak.Server.Similarity;
using Firebreak.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Hosting;

public static class FirebreakServiceCollectionExtensions
{
    /// <summary>Adds the Firebreak control plane: storage, ledger, registry, containment (control, approvals, held work), API-key authentication and problem details.</summary>
    public static IServiceCollection AddFirebreak(this IServiceCollection services)
    {
        services.AddOptions<FirebreakOptions>().BindConfiguration(FirebreakOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ControlOptions>().BindConfiguration(ControlOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReleaseOptions>().BindConfiguration(ReleaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OtlpOptions>().BindConfiguration(OtlpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<Database>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider == "postgres"
                ? new PostgresDatabase(storage.ConnectionString)
                : new SqliteDatabase(storage.ConnectionString, storage.SqliteSynchronous);
        });
        services.AddSingleton<Migrator>();
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<SimilarityStore>();
        services.AddSingleton<RegistryStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<RetentionService>();
        services.AddLedgerAnchors();
        services.AddSingleton<ControlStore>();
        services.AddSingleton<ControlPlane>();
        services.AddSingleton<ControlBroadcaster>();
        services.AddSingleton<ControlStream>();
        services.AddSingleton<ControlStreamSlots>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<PointDirectory>();
        services.AddSingleton(provider =>
        {
            var directory = provider.GetRequiredService<PointDirectory>();
            return new EnforcementPoints(
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IOptions<ControlOptions>>(),
                provider.GetRequiredService<ILogger<EnforcementPoints>>(),
                directory.IsShared ? directory : null);
        });
        services.AddSingleton<ApprovalStore>();
        services.AddSingleton<ApprovalWaiters>();
        services.AddSingleton<DecisionPoint>();
        services.AddSingleton<HeldStore>();
        services.AddSingleton<ReleaseStore>();
        services.AddSingleton<ReleasePlane>();
        services.AddSingleton<RegressionStore>();
        services.AddSingleton<RestoreStore>();
        services.AddSingleton<RestorePlane>();
        services.AddSingleton<StageMetricsReader>();
        services.AddSingleton<BlastRadiusStore>();
        services.AddSingleton<ToxicStore>();
        services.AddSingleton<SelectionResolver>();
        services.AddOptions<CompensationOptions>().BindConfiguration(CompensationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CompensationStore>();
        services.AddSingleton<CompensationRunner>();
        services.AddSingleton<AlertFeed>();
        services.AddSingleton<GameDayStore>();
        services.AddFirebreakOutbound(CompensationRunner.HttpClientName, McpUpstreamPolicy.HttpClientName);

        // Order matters: the writer must be running before start-up work queues its writes.
        services.AddHostedService(provider => provider.GetRequiredService<StoreWriter>());
        services.AddHostedService<StartupService>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionService>());
        services.AddHostedService(provider => provider.GetRequiredService<LedgerAnchors>());
        services.AddHostedService<ControlListener>();
        services.AddHostedService(provider => provider.GetRequiredService<PointDirectory>());
        services.AddHostedService<RestoreService>();
        services.AddHostedService(provider => provider.GetRequiredService<CompensationRunner>());

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, policy => policy.RequireRole(Roles.Operator, Roles.Viewer))
            .AddPolicy(Policies.Operate, policy => policy.RequireRole(Roles.Operator))
            .AddPolicy(Policies.Record, policy => policy.RequireRole(Roles.Operator, Roles.Agent))
            .AddPolicy(Policies.Status, policy => policy.AddRequirements(new PublicStatusRequirement()))
            .AddPolicy(Policies.Observe, policy => policy.RequireRole(Roles.Operator, Roles.Viewer, Roles.Agent))
            .AddPolicy(Policies.Gate, policy => policy.RequireRole(Roles.Operator, Roles.Ci))
            .AddPolicy(Policies.Replay, policy => policy.RequireRole(Roles.Operator, Roles.Viewer, Roles.Agent, Roles.Ci));
        services.AddFirebreakIncidents();
        services.AddFirebreakDetection();
        services.AddFirebreakMcpGateway();
        services.AddFirebreakPlaybooks();
        services.AddFirebreakRefusals();

        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<KestrelServerOptions>(kestrel => kestrel.UseRejectedRequestProblems());
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options => FirebreakJson.Configure(options.SerializerOptions));
        services.AddOpenApi();
        return services;
    }
}
