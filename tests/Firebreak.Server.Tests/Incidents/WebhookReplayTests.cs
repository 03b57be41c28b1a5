using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// Attacks on webhook receivers, against a real Kestrel receiver running the check the README documents
/// ("Receiving webhooks"): a captured delivery replayed, tampered with, or replayed later; Slack mentions and links
/// smuggled into incident text.
/// </summary>
public sealed class WebhookReplayTests
{
    private const string Secret = "whsec_replay";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplayedWebhook_IsRejectedByTheDocumentedReceiverCheck_AsAreATamperedBodyAndAnOldCapture()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var verifier = new WebhookVerifier(Secret, clock);
        var verdicts = new ConcurrentQueue<WebhookVerdict>();
        var captured = new ConcurrentQueue<(string Signature, string Delivery, string Event, byte[] Body)>();
        var work = new ConcurrentQueue<byte[]>();
        await using var receiver = await WebhookDeliveryTests.StartReceiverAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, Ct);
            captured.Enqueue((
                context.Request.Headers[WebhookSignature.Header].ToString(),
                context.Request.Headers[WebhookSignature.DeliveryHeader].ToString(),
                context.Request.Headers[WebhookSignature.EventHeader].ToString(),
                buffer.ToArray()));

            // The README's receiver, line for line, with the verifier on the test's clock.
            var body = buffer.ToArray();
            var verdict = verifier.Verify(context.Request.Headers[WebhookSignature.Header], context.Request.Headers[WebhookSignature.DeliveryHeader], body);
            if (verdict == WebhookVerdict.Accepted)
            {
                work.Enqueue(body);
            }

            verdicts.Enqueue(verdict);
            var result = verdict switch
            {
                WebhookVerdict.Accepted => Results.NoContent(),
                WebhookVerdict.Replayed => Results.Conflict(),
                _ => Results.Unauthorized(),
            };
            await result.ExecuteAsync(context);
        });
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var host = new IncidentHost(
            new Dictionary<string, string>
            {
                ["Firebreak:Incidents:Webhooks:0:Name"] = "pager",
                ["Firebreak:Incidents:Webhooks:0:Url"] = address + "/firebreak",
                ["Firebreak:Incidents:Webhooks:0:Events:0"] = "incident.declared",
                ["Firebreak:Incidents:Webhooks:0:Secret"] = Secret,
                ["Firebreak:Incidents:WebhookPollInterval"] = "00:00:00.200",
            },
            fakeTime: false);
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration());
        await WebhookDeliveryTests.WaitForAsync(host, d => d.Count == 1 && d[0].Status == "delivered");
        var delivery = Assert.Single(captured);
        Assert.Equal([WebhookVerdict.Accepted], verdicts);
        using var attacker = new HttpClient { BaseAddress = new Uri(address) };

        var replayed = await SendAsync(attacker, delivery.Signature, delivery.Delivery, delivery.Event, delivery.Body);
        var underAFreshId = await SendAsync(attacker, delivery.Signature, "999999", delivery.Event, delivery.Body);
        var tampered = await SendAsync(
            attacker, delivery.Signature, "1000000", delivery.Event, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivery.Body).Replace("dana", "mallory", StringComparison.Ordinal)));
        clock.Advance(TimeSpan.FromMinutes(6));
        var later = await SendAsync(attacker, delivery.Signature, "1000001", delivery.Event, delivery.Body);

        Assert.Equal(HttpStatusCode.Conflict, replayed);
        Assert.Equal(HttpStatusCode.Conflict, underAFreshId);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, later);
        Assert.Equal(
            [WebhookVerdict.Accepted, WebhookVerdict.Replayed, WebhookVerdict.Replayed, WebhookVerdict.BadSignature, WebhookVerdict.Stale],
            verdicts);
        Assert.Equal(delivery.Body, Assert.Single(work));
    }

    [Fact]
    public async Task ASlackPayload_CannotPingTheChannelOrDisguiseALink()
    {
        var bodies = new ConcurrentQueue<string>();
        await using var receiver = await WebhookDeliveryTests.StartReceiverAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            bodies.Enqueue(await reader.ReadToEndAsync(Ct));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var host = new IncidentHost(
            new Dictionary<string, string>
            {
                ["Firebreak:Incidents:Webhooks:0:Name"] = "chat",
                ["Firebreak:Incidents:Webhooks:0:Url"] = address + "/slack",
                ["Firebreak:Incidents:Webhooks:0:Events:0"] = "*",
                ["Firebreak:Incidents:Webhooks:0:Secret"] = Secret,
                ["Firebreak:Incidents:Webhooks:0:Format"] = "slack",
                ["Firebreak:Incidents:WebhookPollInterval"] = "00:00:00.200",
            },
            fakeTime: false);

        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", new
        {
            title = "Refunds to customer <!channel> <http://evil.example/login|open the runbook> & co",
            agents = IncidentLifecycleApiTests.SupportOnly,
            failureClass = "tool-misuse",
            commander = "dana",
            severity = "P0",
        });
        await host.PostOkAsync<IncidentTimelineEntry>("/api/v1/incidents/INC-1/notes", new { text = "<!here> see <https://evil.example|the dashboard>" });
        await WebhookDeliveryTests.WaitForAsync(host, d => d.Count == 2 && d.All(x => x.Status == "delivered"));

        var texts = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("text").GetString()!).ToList();
        Assert.Equal(2, texts.Count);
        Assert.All(texts, text =>
        {
            Assert.DoesNotContain('<', text);
            Assert.DoesNotContain('>', text);
            Assert.Contains("Refunds to customer &lt;!channel&gt; &lt;http://evil.example/login|open the runbook&gt; &amp; co", text, StringComparison.Ordinal);
        });
        Assert.Contains(texts, text => text.Contains("&lt;!here&gt; see &lt;https://evil.example|the dashboard&gt;", StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string signature, string delivery, string eventType, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/firebreak") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, signature);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery);
        request.Headers.Add(WebhookSignature.EventHeader, eventType);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
