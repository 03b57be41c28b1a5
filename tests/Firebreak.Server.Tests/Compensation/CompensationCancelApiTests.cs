using System.Net;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

/// <summary>Cancelling compensation runs through the real server: a planned run lets its actions go, an approved one is a 409 problem.</summary>
public sealed class CompensationCancelApiTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task APlannedRun_IsCancelledOnTheTimeline_AndItsActionsGoToTheNextPlan_WhileAnApprovedRunIsRefused()
    {
        using var client = app.Operator();
        using var viewer = await app.ClientFor(ApiKeyRole.Viewer);
        var incident = await HttpJson.DeclareIncidentAsync(client);
        var (recorded, _) = await HttpJson.PostAsync(client, "/api/v1/actions", JsonSerializer.Serialize(Samples.Refund($"cancel-{Guid.NewGuid():N}"), FirebreakJson.Options));
        Assert.True(recorded.IsSuccessStatusCode);
        var plan = $$$"""{"selection":{"incidentId":"{{{incident}}}","tools":["issue_refund"]}}""";

        var first = (await HttpJson.PostAsync(client, "/api/v1/compensations", plan)).Body.GetProperty("run").GetProperty("id").GetString();
        var (cancelled, run) = await HttpJson.PostAsync(client, $"/api/v1/compensations/{first}/cancel", "{}");
        var (again, _) = await HttpJson.PostAsync(client, $"/api/v1/compensations/{first}/cancel", "{}");
        var (_, second) = await HttpJson.PostAsync(client, "/api/v1/compensations", plan);
        var secondId = second.GetProperty("run").GetProperty("id").GetString();
        await HttpJson.PostAsync(client, $"/api/v1/compensations/{secondId}/approve", "{}");
        var (refused, problem) = await HttpJson.PostAsync(client, $"/api/v1/compensations/{secondId}/cancel", "{}");
        var (missing, _) = await HttpJson.PostAsync(client, "/api/v1/compensations/cmp_none/cancel", "{}");
        var (viewerCancel, _) = await HttpJson.PostAsync(viewer, $"/api/v1/compensations/{secondId}/cancel", "{}");
        var timeline = (await HttpJson.GetAsync(client, $"/api/v1/incidents/{incident}")).Body.GetProperty("timeline").EnumerateArray()
            .Select(e => e.GetProperty("text").GetString()).ToList();

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(0, second.GetProperty("alreadyCompensated").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("only a planned run can be cancelled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerCancel.StatusCode);
        Assert.Single(timeline, t => t!.Contains($"Compensation run {first} cancelled before approval", StringComparison.Ordinal));
    }
}
