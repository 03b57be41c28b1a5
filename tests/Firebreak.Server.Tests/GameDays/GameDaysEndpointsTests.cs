using System.Net;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.GameDays;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.GameDays;

/// <summary><c>/api/v1/gamedays</c> and <c>/api/v1/readiness/server</c>: operators record drills, operators and viewers read them, agents do neither.</summary>
public sealed class GameDaysEndpointsTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task AnOperator_RecordsADrill_AndAViewerReadsItBack()
    {
        using var operatorClient = app.Operator();
        using var viewer = await app.ClientFor(ApiKeyRole.Viewer);

        var (created, body) = await HttpJson.PostAsync(operatorClient, "/api/v1/gamedays", Json(SampleDrills.KillSwitch(latencyMs: 37)));
        var (listed, list) = await HttpJson.GetAsync(viewer, "/api/v1/gamedays?agent=support&scenario=kill-switch");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = body.GetProperty("id").GetString();
        Assert.StartsWith("gd_", id, StringComparison.Ordinal);
        Assert.Equal("passed", body.GetProperty("report").GetProperty("verdict").GetString());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var record = list.EnumerateArray().First(r => r.GetProperty("id").GetString() == id);
        Assert.Equal(37, record.GetProperty("report").GetProperty("measurements").GetProperty("timeToContainMs").GetDouble());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("recordedBy").GetString()));
    }

    [Fact]
    public async Task AReportWhoseVerdictContradictsItsChecks_IsRefused_AndNothingIsStored()
    {
        using var operatorClient = app.Operator();
        var lying = SampleDrills.KillSwitch(latencyMs: 5000) with { Scenario = "lying-drill", Verdict = GameDayVerdict.Passed };

        var (refused, problem) = await HttpJson.PostAsync(operatorClient, "/api/v1/gamedays", Json(lying));
        var (_, list) = await HttpJson.GetAsync(operatorClient, "/api/v1/gamedays?scenario=lying-drill");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("verdict", out _), problem.ToString());
        Assert.Empty(list.EnumerateArray());
    }

    [Fact]
    public async Task ADrillOfAnUnregisteredAgent_IsNotFound()
    {
        using var operatorClient = app.Operator();

        var (response, _) = await HttpJson.PostAsync(operatorClient, "/api/v1/gamedays", Json(SampleDrills.KillSwitch("no-such-agent")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/gamedays?agent=Not_A_Slug")]
    [InlineData("/api/v1/gamedays?scenario=Kill%20Switch")]
    [InlineData("/api/v1/gamedays?limit=0")]
    public async Task BadFilters_AreValidationProblems(string path)
    {
        using var operatorClient = app.Operator();

        var (response, _) = await HttpJson.GetAsync(operatorClient, path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ViewersCannotRecordDrills_AndAgentKeysCanNeitherRecordNorRead()
    {
        using var viewer = await app.ClientFor(ApiKeyRole.Viewer);
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        var drill = Json(SampleDrills.KillSwitch());

        var (viewerPost, _) = await HttpJson.PostAsync(viewer, "/api/v1/gamedays", drill);
        var (agentPost, _) = await HttpJson.PostAsync(agent, "/api/v1/gamedays", drill);
        var (agentGet, _) = await HttpJson.GetAsync(agent, "/api/v1/gamedays");

        Assert.Equal(HttpStatusCode.Forbidden, viewerPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentGet.StatusCode);
    }

    [Fact]
    public async Task ServerReadiness_ShowsTheRetentionOfDecisionTraces()
    {
        using var viewer = await app.ClientFor(ApiKeyRole.Viewer);

        var (response, body) = await HttpJson.GetAsync(viewer, "/api/v1/readiness/server");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(30, body.GetProperty("retentionDays").GetInt32());
    }

    private static string Json(GameDayReport report) => JsonSerializer.Serialize(report, FirebreakJson.Options);
}
