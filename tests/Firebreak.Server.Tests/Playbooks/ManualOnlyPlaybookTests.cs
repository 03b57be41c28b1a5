using System.Net;
using System.Net.Http.Headers;
using Firebreak.Incidents;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>With <c>Firebreak:Playbooks:Automatic</c> off, alerts change nothing by themselves; operators apply playbooks by hand.</summary>
public sealed class ManualOnlyPlaybookTests
{
    [Fact]
    public async Task WithAutomaticPlaybooksOff_AnAlertIsNotAnswered_ButAnOperatorCanApplyThePlaybookToIt()
    {
        await using var app = new FirebreakApp();
        await using var host = app.WithWebHostBuilder(web => web.UseSetting("Firebreak:Playbooks:Automatic", "false"));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FirebreakApp.OperatorKey);
        var agent = await AutomaticPlaybookTests.RegisterAsync(client, "pb-manual");

        var alert = PlaybookAlerts.Raise(host, agent, FailureClass.CostRunaway, Severity.Sev3);
        // Alerts are handled in order: once the next one is known to the server, the first has been handled.
        var next = PlaybookAlerts.Raise(host, agent, FailureClass.CostRunaway, Severity.Sev3);
        await WaitUntilKnownAsync(client, agent, next.Id);

        var (_, before) = await HttpJson.GetAsync(client, $"/api/v1/playbooks/executions?alert={alert.Id}");
        Assert.Empty(before.EnumerateArray());
        var (_, snapshot) = await HttpJson.GetAsync(client, $"/api/v1/control/snapshot?agent={agent}");
        Assert.Empty(snapshot.GetProperty("settings").EnumerateArray());

        var (response, execution) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", $$"""{"agentId":"{{agent}}","playbook":"drain","alertId":"{{alert.Id}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(execution.GetProperty("automatic").GetBoolean());
        Assert.Equal("applied", execution.GetProperty("steps")[0].GetProperty("status").GetString());
    }

    private static async Task WaitUntilKnownAsync(HttpClient client, string agent, string alertId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (response, _) = await HttpJson.PostAsync(client, "/api/v1/playbooks/apply", $$"""{"agentId":"{{agent}}","playbook":"drain","alertId":"{{alertId}}","dryRun":true}""");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(25, deadline.Token);
        }
    }
}
