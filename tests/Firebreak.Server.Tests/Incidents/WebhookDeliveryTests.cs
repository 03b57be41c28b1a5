using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Webhooks against a real HTTP receiver (Kestrel on a free local port) that fails the first attempts.</summary>
public sealed class WebhookDeliveryTests
{
    private const string Secret = "whsec_test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deliveries_AreSignedOverTimestampAndBody_RetriedWithBackoffUnderOneDeliveryId_AndLogged()
    {
        var attempts = new ConcurrentQueue<(string Path, byte[] Body, string Signature, string Delivery, string Event, bool Accepted)>();
        var failuresLeft = 2;
        await using var receiver = await StartReceiverAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, Ct);
            var accepted = context.Request.Path != "/json" || Interlocked.Decrement(ref failuresLeft) < 0;
            attempts.Enqueue((
                context.Request.Path.Value!,
                buffer.ToArray(),
                context.Request.Headers[WebhookSignature.Header].ToString(),
                context.Request.Headers[WebhookSignature.DeliveryHeader].ToString(),
                context.Request.Headers[WebhookSignature.EventHeader].ToString(),
                accepted));
            context.Response.StatusCode = accepted ? StatusCodes.Status204NoContent : StatusCodes.Status500InternalServerError;
        });
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var host = new IncidentHost(
            new Dictionary<string, string>
            {
                ["Firebreak:Incidents:Webhooks:0:Name"] = "pager",
                ["Firebreak:Incidents:Webhooks:0:Url"] = address + "/json",
                ["Firebreak:Incidents:Webhooks:0:Events:0"] = "*",
                ["Firebreak:Incidents:Webhooks:0:Secret"] = Secret,
                ["Firebreak:Incidents:Webhooks:1:Name"] = "chat",
                ["Firebreak:Incidents:Webhooks:1:Url"] = address + "/slack",
                ["Firebreak:Incidents:Webhooks:1:Events:0"] = "incident.status",
                ["Firebreak:Incidents:Webhooks:1:Secret"] = Secret,
                ["Firebreak:Incidents:Webhooks:1:Format"] = "slack",
                ["Firebreak:Incidents:WebhookBaseDelay"] = "00:00:00.050",
                ["Firebreak:Incidents:WebhookPollInterval"] = "00:00:00.200",
            },
            fakeTime: false);

        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration());
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "investigating" });
        var deliveries = await WaitForAsync(host, d => d.Count == 3 && d.All(x => x.Status == "delivered"));

        Assert.Equal(5, attempts.Count);
        foreach (var attempt in attempts)
        {
            // Computed here from the documented format, not with the server's code: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">.
            var match = Regex.Match(attempt.Signature, "^t=([0-9]+),v1=([0-9a-f]{64})$");
            Assert.True(match.Success, attempt.Signature);
            var signed = Encoding.UTF8.GetBytes(match.Groups[1].Value + ".").Concat(attempt.Body).ToArray();
            Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)), match.Groups[2].Value);
            Assert.InRange(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }

        Assert.Equal(
            deliveries.Select(d => d.Id.ToString(CultureInfo.InvariantCulture)).Order(),
            attempts.Where(a => a.Accepted).Select(a => a.Delivery).Order());
        var first = deliveries.Single(d => d.Webhook == "pager" && d.Event == "incident.declared");
        var firstAttempts = attempts.Where(a => a.Path == "/json" && a.Event == "incident.declared").ToList();
        Assert.Equal(3, firstAttempts.Count);
        Assert.All(firstAttempts, a => Assert.Equal(first.Id.ToString(CultureInfo.InvariantCulture), a.Delivery));

        using (var body = JsonDocument.Parse(firstAttempts[^1].Body))
        {
            Assert.Equal("INC-1", body.RootElement.GetProperty("incident").GetProperty("id").GetString());
            Assert.Equal("declared", body.RootElement.GetProperty("entry").GetProperty("kind").GetString());
        }

        var slack = attempts.Single(m => m.Path == "/slack");
        using (var body = JsonDocument.Parse(slack.Body))
        {
            Assert.Contains("declared -&gt; investigating", body.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(3, first.Attempts);
        Assert.Equal(204, first.LastStatusCode);
    }

    [Fact]
    public async Task AReceiverThatNeverAccepts_EndsFailed_AfterTheConfiguredAttempts()
    {
        await using var receiver = await StartReceiverAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var host = new IncidentHost(
            new Dictionary<string, string>
            {
                ["Firebreak:Incidents:Webhooks:0:Name"] = "pager",
                ["Firebreak:Incidents:Webhooks:0:Url"] = address + "/json",
                ["Firebreak:Incidents:Webhooks:0:Events:0"] = "incident.declared",
                ["Firebreak:Incidents:Webhooks:0:Secret"] = Secret,
                ["Firebreak:Incidents:WebhookMaxAttempts"] = "3",
                ["Firebreak:Incidents:WebhookBaseDelay"] = "00:00:00.020",
            },
            fakeTime: false);

        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration());
        var deliveries = await WaitForAsync(host, d => d.Count == 1 && d[0].Status == "failed");

        Assert.Equal(3, deliveries[0].Attempts);
        Assert.Equal(503, deliveries[0].LastStatusCode);
    }

    [Fact]
    public async Task AQueuedDelivery_SurvivesARestart_AndResumesWithTheAttemptsItHasLeft()
    {
        using var folder = new TempDirectory();
        var database = folder.File("firebreak.db");
        var received = 0;
        await using var receiver = await StartReceiverAsync(context =>
        {
            Interlocked.Increment(ref received);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Dictionary<string, string> Settings(string url) => new()
        {
            ["Firebreak:Storage:ConnectionString"] = database,
            ["Firebreak:Incidents:Webhooks:0:Name"] = "pager",
            ["Firebreak:Incidents:Webhooks:0:Url"] = url,
            ["Firebreak:Incidents:Webhooks:0:Events:0"] = "incident.declared",
            ["Firebreak:Incidents:Webhooks:0:Secret"] = Secret,
            ["Firebreak:Incidents:WebhookBaseDelay"] = "01:00:00",
        };

        await using (var first = new IncidentHost(Settings("http://127.0.0.1:1/unreachable"), fakeTime: false))
        {
            await first.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration());
            await WaitForAsync(first, d => d.Count == 1 && d[0].Attempts == 1 && d[0].Status == "pending");
        }

        await using var second = new IncidentHost(Settings(address + "/json"), fakeTime: false);
        var deliveries = await WaitForAsync(second, d => d.Count == 1 && d[0].Status == "delivered");

        Assert.Equal(2, deliveries[0].Attempts);
        Assert.Equal(1, received);
    }

    internal static async Task<IReadOnlyList<WebhookDelivery>> WaitForAsync(IncidentHost host, Func<IReadOnlyList<WebhookDelivery>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var deliveries = await host.GetAsync<List<WebhookDelivery>>("/api/v1/incidents/webhooks/deliveries");
            if (done(deliveries))
            {
                return deliveries;
            }

            Assert.True(DateTime.UtcNow < deadline, "deliveries did not finish: " + JsonSerializer.Serialize(deliveries));
            await Task.Delay(50, Ct);
        }
    }

    internal static async Task<WebApplication> StartReceiverAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(Ct);
        return app;
    }
}
