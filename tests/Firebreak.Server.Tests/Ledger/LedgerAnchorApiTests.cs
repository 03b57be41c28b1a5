using System.Net;
using System.Text.Json;
using Firebreak.Server.Tests.Incidents;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using NSec.Cryptography;

namespace Firebreak.Server.Tests.Ledger;

/// <summary>Publishing anchors (API and the <c>ledger.anchor</c> webhook event), and the API when anchoring is off.</summary>
public sealed class LedgerAnchorApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAnchorOnDemand_IsServed_AndQueuedOnlyForWebhooksThatListLedgerAnchor()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        await using var host = new IncidentHost(
            new Dictionary<string, string>
            {
                ["Firebreak:Ledger:AnchorKey"] = Convert.ToBase64String(key.Export(KeyBlobFormat.RawPrivateKey)),
                ["Firebreak:Incidents:Webhooks:0:Name"] = "auditor",
                ["Firebreak:Incidents:Webhooks:0:Url"] = "http://127.0.0.1:9/anchors",
                ["Firebreak:Incidents:Webhooks:0:Events:0"] = "ledger.anchor",
                ["Firebreak:Incidents:Webhooks:0:Secret"] = "whsec_test",
                ["Firebreak:Incidents:Webhooks:1:Name"] = "pager",
                ["Firebreak:Incidents:Webhooks:1:Url"] = "http://127.0.0.1:9/all",
                ["Firebreak:Incidents:Webhooks:1:Events:0"] = "*",
                ["Firebreak:Incidents:Webhooks:1:Secret"] = "whsec_test",
            });

        var (anchored, anchor) = await HttpJson.PostAsync(host.Client, "/api/v1/ledger/anchors", "{}");
        var (_, published) = await HttpJson.GetAsync(host.Client, "/api/v1/ledger/anchors/key");
        var (_, listed) = await HttpJson.GetAsync(host.Client, "/api/v1/ledger/anchors");

        Assert.Equal(HttpStatusCode.OK, anchored.StatusCode);
        var publicKey = Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        Assert.Equal(publicKey, published.GetProperty("publicKey").GetString());
        Assert.Equal(publicKey, anchor.GetProperty("publicKey").GetString());
        Assert.True(SignatureAlgorithm.Ed25519.Verify(
            key.PublicKey,
            Firebreak.Ledger.LedgerAnchor.SignedBytes(
                anchor.GetProperty("seq").GetInt64(), anchor.GetProperty("hash").GetString()!,
                anchor.GetProperty("anchoredAt").GetDateTimeOffset().ToUnixTimeMilliseconds(), anchor.GetProperty("prunedThrough").GetInt64()),
            Convert.FromBase64String(anchor.GetProperty("signature").GetString()!)));
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("signature").GetString() == anchor.GetProperty("signature").GetString());

        var deliveries = new List<(string Webhook, string Payload)>();
        await using (var connection = new SqliteConnection($"Data Source={host.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT webhook, payload FROM webhook_deliveries WHERE event = 'ledger.anchor'";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                deliveries.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.All(deliveries, d => Assert.Equal("auditor", d.Webhook));
        Assert.Contains(deliveries, d => JsonDocument.Parse(d.Payload).RootElement.GetProperty("anchor").GetProperty("signature").GetString() == anchor.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task WithoutAKey_AnchoringIsOff_AndTheApiSaysSo()
    {
        await using var app = new FirebreakApp();
        using var client = app.Operator();

        var (anchor, anchorProblem) = await HttpJson.PostAsync(client, "/api/v1/ledger/anchors", "{}");
        var (key, _) = await HttpJson.GetAsync(client, "/api/v1/ledger/anchors/key");
        var (audit, auditProblem) = await HttpJson.PostAsync(client, "/api/v1/ledger/verify",
            $$"""{"anchors":[{"seq":1,"hash":"{{new string('a', 64)}}","anchoredAt":"2026-12-01T00:00:00Z","prunedThrough":0,"publicKey":"AAAA","signature":"AAAA"}]}""");

        Assert.Equal(HttpStatusCode.Conflict, anchor.StatusCode);
        Assert.Contains("AnchorKeyFile", anchorProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, key.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, audit.StatusCode);
        Assert.Contains("no key", auditProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedAnchorOrPublicKey_IsAProblem()
    {
        await using var app = new FirebreakApp();
        using var client = app.Operator();

        var (response, problem) = await HttpJson.PostAsync(client, "/api/v1/ledger/verify",
            """{"anchors":[{"seq":-1,"hash":"nothex","anchoredAt":"2026-12-01T00:00:00Z","prunedThrough":0,"publicKey":"","signature":""}],"publicKey":"not-base64","maxMismatches":0}""");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.ToString());
        Assert.True(problem.TryGetProperty("errors", out var errors), problem.ToString());
        Assert.True(errors.TryGetProperty("anchors[0]", out _));
        Assert.True(errors.TryGetProperty("publicKey", out _));
        Assert.True(errors.TryGetProperty("maxMismatches", out _));
    }
}
