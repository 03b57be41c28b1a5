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
using Firebreak.Server.Playbooks;
using Firebreak.Server.Registry;
using Firebreak.Server.Regression;
using Firebreak.Server.Releases;
using Firebreak.Server.Security;
using Firebreak.Server.Similarity;
using Firebreak.Server.WebConsole;

namespace Firebreak.Server.Hosting;

public static class FirebreakApplicationBuilderExtensions
{
    /// <summary>Adds Firebreak's middleware and maps every endpoint. Only <c>/health</c> and the console's static files under <c>/console</c> are anonymous, and <c>/status/v1/{agent}</c> for agents configured public.</summary>
    public static WebApplication MapFirebreak(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ControlCharacterPathMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseFirebreakConsole();
        app.UseAuthentication();
        app.UseMiddleware<AuthFailureLimitMiddleware>();
        app.UseMiddleware<RefusalMiddleware>();
        app.UseAuthorization();

        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }))
            .WithName("Health").WithSummary("Liveness; needs no key.").AllowAnonymous();
        app.MapOpenApi().RequireAuthorization(Policies.Read);
        app.MapAgentsEndpoints();
        app.MapRunsEndpoints();
        app.MapOtlpEndpoints();
        app.MapSimilarRunsEndpoints();
        app.MapActionsEndpoints();
        app.MapDecisionsEndpoints();
        app.MapLedgerEndpoints();
        app.MapKeysEndpoints();
        app.MapIncidentsEndpoints();
        app.MapStatusFeedEndpoints();
        app.MapPrometheusScrapingEndpoint().RequireAuthorization(Policies.Read);
        app.MapControlEndpoints();
        app.MapApprovalsEndpoints();
        app.MapHeldEndpoints();
        app.MapFirebreakMcpGateway();
        app.MapReleasesEndpoints();
        app.MapRestoresEndpoints();
        app.MapRegressionEndpoints();
        app.MapBlastRadiusEndpoints();
        app.MapToxicEndpoints();
        app.MapCompensationsEndpoints();
        app.MapMitigationsEndpoints();
        app.MapAlertsEndpoints();
        app.MapPlaybooksEndpoints();
        app.MapGameDaysEndpoints();
        app.MapRefusalsEndpoints();
        return app;
    }
}
