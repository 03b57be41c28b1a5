using System.Text.Json.Nodes;
using Firebreak.Incidents;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// PagerDuty (Events API v2) and Opsgenie (Alert API) as escalation receivers, against a real local HTTP receiver that
/// checks the exact bodies, paths and headers: trigger / create on the page, acknowledge on the ack, resolve / close on
/// resolution, keyed by the incident id.
/// </summary>
public sealed class AlertingWebhookTests
{
    private const string Title = "Refunds of $40 issued to the wrong customers";

    [Fact]
    public async Task APage_TriggersAcknowledgesAndResolves_PagerDutyAndOpsgenieAlertsKeyedByTheIncident()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var host = new IncidentHost(new Dictionary<string, string>
        {
            ["Firebreak:Incidents:Webhooks:0:Name"] = "pd",
            ["Firebreak:Incidents:Webhooks:0:Url"] = receiver.Url + "/v2/enqueue",
            ["Firebreak:Incidents:Webhooks:0:Format"] = "pagerduty",
            ["Firebreak:Incidents:Webhooks:0:Secret"] = "R0UT1NGKEY",
            ["Firebreak:Incidents:Webhooks:1:Name"] = "og",
            ["Firebreak:Incidents:Webhooks:1:Url"] = receiver.Url + "/v2/alerts",
            ["Firebreak:Incidents:Webhooks:1:Format"] = "opsgenie",
            ["Firebreak:Incidents:Webhooks:1:Secret"] = "genie-key-1",
            ["Firebreak:Escalation:Policies:SEV1:Levels:0:Receivers:0"] = "pd",
            ["Firebreak:Escalation:Policies:SEV1:Levels:0:Receivers:1"] = "og",
            ["Firebreak:Escalation:Policies:SEV1:Levels:0:Repeats"] = "0",
            ["Firebreak:Escalation:UpdateReminders"] = "false",
        });

        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV1"));
        var opened = await receiver.WaitForAsync(2);
        var page = await host.PostOkAsync<IncidentPage>("/api/v1/incidents/INC-1/page/ack", new { });
        var acknowledged = await receiver.WaitForAsync(4);
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "resolved" });
        var all = await receiver.WaitForAsync(6);

        var pagerDuty = all.Where(r => r.PathAndQuery == "/v2/enqueue").ToList();
        var opsgenie = all.Where(r => r.PathAndQuery.StartsWith("/v2/alerts", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, pagerDuty.Count);
        Assert.Equal(3, opsgenie.Count);
        Assert.All(all, r => Assert.Equal(("POST", "application/json"), (r.Method, r.ContentType)));
        Assert.All(pagerDuty, r => Assert.Equal(string.Empty, r.Authorization));
        Assert.All(opsgenie, r => Assert.Equal("GenieKey genie-key-1", r.Authorization));
        Assert.Equal(2, opened.Count);

        AssertJson(
            $$"""
            {"routing_key":"R0UT1NGKEY","event_action":"trigger","dedup_key":"INC-1","client":"Firebreak",
             "payload":{"summary":"[SEV1] INC-1 {{Title}}: Paged level 1 (pd, og): {{Title}}","source":"support","severity":"critical",
                        "timestamp":"2026-11-02T09:00:00.0000000+00:00","class":"tool-misuse",
                        "custom_details":{"incident":"INC-1","status":"declared","commander":"dana","agents":["support"]} } }
            """,
            pagerDuty[0].Body);
        AssertJson("""{"routing_key":"R0UT1NGKEY","event_action":"acknowledge","dedup_key":"INC-1"}""", pagerDuty[1].Body);
        AssertJson("""{"routing_key":"R0UT1NGKEY","event_action":"resolve","dedup_key":"INC-1"}""", pagerDuty[2].Body);

        Assert.Equal(["/v2/alerts", "/v2/alerts/INC-1/acknowledge?identifierType=alias", "/v2/alerts/INC-1/close?identifierType=alias"], opsgenie.Select(r => r.PathAndQuery));
        AssertJson(
            $$"""
            {"message":"[SEV1] INC-1 {{Title}}","alias":"INC-1","description":"Paged level 1 (pd, og): {{Title}}","priority":"P1",
             "source":"Firebreak","entity":"support","tags":["SEV1","tool-misuse"],
             "details":{"incident":"INC-1","status":"declared","commander":"dana"} }
            """,
            opsgenie[0].Body);
        AssertJson($$"""{"user":"{{page.AcknowledgedBy}}","source":"Firebreak","note":"Page acknowledged by {{page.AcknowledgedBy}} at level 1."}""", opsgenie[1].Body);
        AssertJson($$"""{"user":"{{page.AcknowledgedBy}}","source":"Firebreak","note":"Status declared -> resolved."}""", opsgenie[2].Body);
        Assert.Equal(4, acknowledged.Count);
    }

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");
}
