using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Serialization;
using Firebreak.Server.Detection;
using Firebreak.Server.Tests.Infrastructure;
using Firebreak.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>A playbook's page reaches the commander through the incident webhooks: a real HTTP receiver subscribed to <c>incident.page</c>.</summary>
public sealed class PagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheRefundStormPage_IsDeliveredToTheWebhookSubscribedToPages_AndNothingElseIs()
    {
        var received = new ConcurrentQueue<(string? Event, string Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        receiver.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            received.Enqueue((context.Request.Headers[WebhookSignature.EventHeader].ToString(), await reader.ReadToEndAsync(Ct)));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await receiver.StartAsync(Ct);
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var app = new FirebreakApp();
        var host = app.WithWebHostBuilder(web =>
        {
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Name", "pager");
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Url", address + "/page");
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Events:0", "incident.page");
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Secret", "whsec_page");
            web.UseSetting("Firebreak:Incidents:WebhookPollInterval", "00:00:00.100");
        });

        var now = DateTimeOffset.UtcNow;
        host.Services.GetRequiredService<AlertFeed>().Publish(new Alert(
            "alt_page_1", "support", "refund-rate", FailureClass.ToolMisuse, Severity.Sev1, "support", "90 refunds in 60 s, limit 20",
            [], [], now, now, 1, AlertStatus.Open, null));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (received.IsEmpty)
        {
            await Task.Delay(50, deadline.Token);
        }

        var (eventType, body) = Assert.Single(received);
        Assert.Equal("incident.page", eventType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("page", json.RootElement.GetProperty("entry").GetProperty("kind").GetString());
        Assert.Equal("playbook:refund-storm", json.RootElement.GetProperty("entry").GetProperty("actor").GetString());
        Assert.Equal(
            "Paged support-platform: Playbook refund-storm answered alert alt_page_1 on support: 90 refunds in 60 s, limit 20",
            json.RootElement.GetProperty("entry").GetProperty("text").GetString());
        Assert.Equal("alt_page_1", json.RootElement.GetProperty("incident").GetProperty("alertId").GetString());
    }

    [Fact]
    public async Task WithAnEscalationPolicy_TheRefundStormPageStep_UsesTheIncidentsPage_AndPagesOnce()
    {
        await using var receiver = await Incidents.Receiver.StartAsync();
        await using var app = new FirebreakApp();
        var host = app.WithWebHostBuilder(web =>
        {
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Name", "pager");
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Url", receiver.Url + "/page");
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Events:0", "incident.page");
            web.UseSetting("Firebreak:Incidents:Webhooks:0:Secret", "whsec_page");
            web.UseSetting("Firebreak:Incidents:WebhookPollInterval", "00:00:00.100");
            web.UseSetting("Firebreak:Escalation:Policies:SEV1:Levels:0:Receivers:0", "pager");
            web.UseSetting("Firebreak:Escalation:Policies:SEV2:Levels:0:Receivers:0", "pager");
        });
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", FirebreakApp.OperatorKey);

        var now = DateTimeOffset.UtcNow;
        host.Services.GetRequiredService<AlertFeed>().Publish(new Alert(
            "alt_page_2", "support", "refund-rate", FailureClass.ToolMisuse, Severity.Sev1, "support", "90 refunds in 60 s, limit 20",
            [], [], now, now, 1, AlertStatus.Open, null));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        IncidentDetail? detail = null;
        while (detail?.Timeline.Any(e => e.Text.Contains("page of INC-1", StringComparison.Ordinal)) != true)
        {
            await Task.Delay(50, deadline.Token);
            using var response = await client.GetAsync(new Uri("/api/v1/incidents/INC-1", UriKind.Relative), deadline.Token);
            detail = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<IncidentDetail>(FirebreakJson.Options, deadline.Token) : null;
        }

        var page = await client.GetFromJsonAsync<IncidentPage>(new Uri("/api/v1/incidents/INC-1/page", UriKind.Relative), FirebreakJson.Options, Ct);
        Assert.Equal(1, page!.Sent);
        Assert.Single(detail.Timeline, e => e.Kind == TimelineKind.Page);
        var sent = await receiver.WaitForAsync(1);
        Assert.Single(sent);
    }
}
