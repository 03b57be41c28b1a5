using System.Net;
using System.Text.Json;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

public sealed class BlastRadiusApiTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnIncidentsBlastRadius_CountsItsRefunds_PagesThem_AndExportsThemAsCsvAndJson()
    {
        using var client = app.Operator();
        var windowStart = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var (declared, body) = await HttpJson.PostAsync(client, "/api/v1/incidents", $$"""
            {"title":"Wrong refunds","agents":["support"],"failureClass":"tool-misuse","commander":"dana","severity":"SEV2","windowStart":"{{windowStart}}"}
            """);
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var incident = body.GetProperty("incident").GetProperty("id").GetString();
        var keys = new[] { $"api-{Guid.NewGuid():N}", $"api-{Guid.NewGuid():N}", $"api-{Guid.NewGuid():N}" };
        for (var i = 0; i < keys.Length; i++)
        {
            var (recorded, _) = await HttpJson.PostAsync(client, "/api/v1/actions", $$"""
                {"agentId":"support","idempotencyKey":"{{keys[i]}}","tool":"issue_refund","arguments":{"orderId":"o-{{i}}"},"outcome":"executed","entities":["order:o-{{i}}","customer:c-1"],"amount":40,"currency":"USD"}
                """);
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        var (first, page1) = await HttpJson.GetAsync(client, $"/api/v1/blast-radius?incident={incident}&tool=issue_refund&outcome=executed&limit=2");
        var next = page1.GetProperty("next").GetInt64();
        var (_, page2) = await HttpJson.GetAsync(client, $"/api/v1/blast-radius?incident={incident}&tool=issue_refund&limit=2&after={next}");
        var csv = await client.GetStringAsync(new Uri($"/api/v1/blast-radius/export?incident={incident}&tool=issue_refund&format=csv", UriKind.Relative), Ct);
        var json = await client.GetStringAsync(new Uri($"/api/v1/blast-radius/export?incident={incident}&tool=issue_refund&format=json", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var summary = page1.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("actions").GetInt64());
        Assert.Equal(["support"], summary.GetProperty("selection").GetProperty("agents").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(3, summary.GetProperty("entities")[0].GetProperty("distinct").GetInt64());
        Assert.Equal(120m, summary.GetProperty("money")[0].GetProperty("amount").GetDecimal());
        Assert.Equal(keys[..2], page1.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("idempotencyKey").GetString()));
        Assert.Equal([keys[2]], page2.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("idempotencyKey").GetString()));
        Assert.False(page2.TryGetProperty("next", out _));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(keys, key => Assert.Contains(lines, l => l.Contains(key, StringComparison.Ordinal)));
        using var exported = JsonDocument.Parse(json);
        Assert.Equal(keys, exported.RootElement.EnumerateArray().Select(a => a.GetProperty("idempotencyKey").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/blast-radius?incident=INC-999999", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/blast-radius?outcome=exploded", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/blast-radius?since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/blast-radius?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/blast-radius?since=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/blast-radius/export?format=xlsx", HttpStatusCode.BadRequest)]
    public async Task ABadSelection_IsAProblem(string path, HttpStatusCode expected)
    {
        using var client = app.Operator();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
