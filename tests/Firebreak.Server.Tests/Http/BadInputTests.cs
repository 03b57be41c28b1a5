using System.Net;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Firebreak.Server.Tests.Http;

/// <summary>
/// Throws malformed, mistyped, oversized and unknown input at every write endpoint: each must answer with a
/// 4xx problem and leave every stored row exactly as it was.
/// </summary>
public sealed class BadInputTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    private static readonly string Huge = new('x', 5_000);

    /// <summary>Bodies no write endpoint accepts.</summary>
    private static readonly string[] Malformed =
    [
        "{",
        "not json",
        "[]",
        "null",
        "\"a string\"",
        "{}",
        """{"unknownField":true}""",
        """{"agentId": 42, "id": 42, "kind": 42, "status": 42, "name": 42}""",
    ];

    /// <summary>Per endpoint: bodies that are well-formed JSON but wrong for it.</summary>
    private static readonly (string Method, string Path, string[] Bodies)[] Endpoints =
    [
        ("PUT", "/api/v1/agents/support",
        [
            """{"id":"support","owner":"o","description":null,"tools":[{"name":"t","risk":"explosive"}]}""",
            """{"id":"support","owner":"o","description":null,"tools":[{"name":"bad name!","risk":"read"}]}""",
            """{"id":"support","owner":"o","description":null,"tools":[{"name":"t","risk":"read"},{"name":"t","risk":"write"}]}""",
            """{"id":"support","owner":"o","description":null,"tools":[{"name":"t","risk":"read","argumentsSchema":[1]}]}""",
            """{"id":"other","owner":"o","description":null,"tools":[]}""",
            """{"id":"support","owner":"","description":null,"tools":[]}""",
            $$"""{"id":"support","owner":"{{Huge}}","description":null,"tools":[]}""",
            """{"id":"support","owner":"o","description":null,"tools":[],"extra":1}""",
        ]),
        ("POST", "/api/v1/runs",
        [
            """{"agentId":"Not A Slug"}""",
            """{"agentId":"support","traceparent":"00-zz-yy-01"}""",
            """{"agentId":"support","runId":""}""",
            $$"""{"agentId":"support","runId":"{{Huge}}"}""",
            """{"agentId":"support","release":{"releaseId":7}}""",
            """{"agentId":"nobody"}""",
        ]),
        ("POST", "/api/v1/runs/seed-run/steps",
        [
            """{"kind":"telepathy"}""",
            $$"""{"kind":"model_call","name":"{{Huge}}"}""",
            """{"kind":"retrieval","sourceIds":[""]}""",
            """{"kind":"retrieval","sourceIds":"kb:1"}""",
        ]),
        ("POST", "/api/v1/runs/no-such-run/steps", ["""{"kind":"model_call"}"""]),
        ("POST", "/api/v1/runs/seed-run/end", ["""{"status":"running"}""", """{"status":"vanished"}"""]),
        ("POST", "/api/v1/actions",
        [
            $$"""{"agentId":"support","idempotencyKey":"{{Huge}}","tool":"issue_refund","arguments":{},"outcome":"executed"}""",
            """{"agentId":"support","idempotencyKey":"","tool":"issue_refund","arguments":{},"outcome":"executed"}""",
            """{"agentId":"support","idempotencyKey":"k2","tool":"issue_refund","arguments":[1,2],"outcome":"executed"}""",
            """{"agentId":"support","idempotencyKey":"k3","tool":"issue_refund","arguments":{},"outcome":"exploded"}""",
            """{"agentId":"support","idempotencyKey":"k4","tool":"issue_refund","arguments":{},"outcome":"executed","amount":10}""",
            """{"agentId":"support","idempotencyKey":"k5","tool":"issue_refund","arguments":{},"outcome":"executed","entities":["no colon"]}""",
            """{"agentId":"support","idempotencyKey":"k6","tool":"issue_refund","arguments":{},"outcome":"executed","amount":"ten","currency":"USD"}""",
            """{"agentId":"support","idempotencyKey":"k7","tool":"issue_refund","arguments":{},"outcome":"executed","amount":1,"currency":"dollars"}""",
            """{"agentId":"support","idempotencyKey":"k8","tool":"issue_refund","arguments":{},"outcome":"executed","runId":"no-such-run"}""",
            """{"agentId":"support","idempotencyKey":"seed-key","tool":"issue_refund","arguments":{"a":2},"outcome":"pending"}""",
            """{"agentId":"nobody","idempotencyKey":"k9","tool":"issue_refund","arguments":{},"outcome":"executed"}""",
        ]),
        ("POST", "/api/v1/actions/complete",
        [
            """{"agentId":"support","idempotencyKey":"seed-key","outcome":"pending"}""",
            """{"agentId":"support","idempotencyKey":"no-such-key","outcome":"executed"}""",
        ]),
        ("POST", "/api/v1/incidents",
        [
            """{"title":"","agents":["support"],"failureClass":"tool-misuse","commander":"dana","severity":"P0"}""",
            $$"""{"title":"{{Huge}}","agents":["support"],"failureClass":"tool-misuse","commander":"dana","severity":"P0"}""",
            """{"title":"t","agents":[],"failureClass":"tool-misuse","commander":"dana","severity":"P0"}""",
            """{"title":"t","agents":["Not A Slug"],"failureClass":"tool-misuse","commander":"dana","severity":"P0"}""",
            """{"title":"t","agents":["nobody"],"failureClass":"tool-misuse","commander":"dana","severity":"P0"}""",
            """{"title":"t","agents":["support"],"failureClass":"meltdown","commander":"dana","severity":"P0"}""",
            """{"title":"t","agents":["support"],"failureClass":"tool-misuse","commander":"dana","severity":"SEV9"}""",
            """{"title":"t","agents":["support"],"failureClass":"tool-misuse","commander":"dana"}""",
            """{"title":"t","agents":["support"],"failureClass":"tool-misuse","commander":"","severity":"P0"}""",
            """{"title":"t","agents":["support"],"failureClass":"tool-misuse","commander":"dana","severity":"P0","windowStart":"2026-01-02T00:00:00Z","windowEnd":"2026-01-01T00:00:00Z"}""",
            """{"title":"t","agents":["support"],"failureClass":"tool-misuse","commander":"dana","impact":{"customersAffected":-1}}""",
            """{"title":"t","agents":["support"],"failureClass":"tool-misuse","commander":"dana","impact":{"moneyMoved":10}}""",
        ]),
        ("POST", "/api/v1/incidents/INC-1/status",
        [
            """{"status":"declared"}""",
            """{"status":"closed"}""",
            """{"status":"exploded"}""",
            $$"""{"status":"investigating","note":"{{Huge}}"}""",
        ]),
        ("POST", "/api/v1/incidents/INC-404/status", ["""{"status":"investigating"}"""]),
        ("POST", "/api/v1/incidents/INC-1/severity",
        [
            """{"severity":"SEV9","reason":"r"}""",
            """{"severity":"SEV2","reason":""}""",
            """{"severity":"P0","reason":"already so"}""",
        ]),
        ("POST", "/api/v1/incidents/INC-1/roles", ["""{"commander":""}""", """{"responders":[""]}""", """{"scribe":7}"""]),
        ("POST", "/api/v1/incidents/INC-404/roles", ["""{"commander":"dana"}"""]),
        ("POST", "/api/v1/incidents/INC-1/notes", ["""{"text":""}""", $$"""{"text":"{{Huge}}"}"""]),
        ("POST", "/api/v1/incidents/INC-404/notes", ["""{"text":"hello"}"""]),
        ("POST", "/api/v1/incidents/INC-1/analysis", ["""{"windowEnd":"2000-01-01T00:00:00Z"}""", """{"wentWell":[""]}""", $$"""{"summary":"{{Huge}}"}"""]),
        ("POST", "/api/v1/incidents/INC-1/communications",
        [
            """{"channel":"fax","impact":"i","currentAction":"a"}""",
            """{"channel":"chat","impact":"","currentAction":"a"}""",
            """{"channel":"chat","impact":"i"}""",
        ]),
        ("POST", "/api/v1/incidents/INC-404/communications", ["""{"channel":"chat","impact":"i","currentAction":"a"}"""]),
        ("POST", "/api/v1/incidents/INC-1/actions",
        [
            """{"text":"t","owner":"o","due":"tomorrow"}""",
            """{"text":"","owner":"o","due":"2026-12-01"}""",
            """{"text":"t","owner":"o","due":"2026-12-01","status":"finished"}""",
        ]),
        ("PUT", "/api/v1/incidents/INC-1/actions/1", ["""{"text":"t","owner":"","due":"2026-12-01"}"""]),
        ("PUT", "/api/v1/incidents/INC-1/actions/99", ["""{"text":"t","owner":"o","due":"2026-12-01"}"""]),
        ("PUT", "/api/v1/incidents/INC-1/actions/one", ["""{"text":"t","owner":"o","due":"2026-12-01"}"""]),
        ("DELETE", "/api/v1/incidents/INC-1/actions/99", []),
        ("POST", "/api/v1/control/changes",
        [
            """{"target":"agent","mode":"killed","reason":"no agent id"}""",
            """{"target":"global","mode":"killed","reason":""}""",
            """{"target":"global","mode":"exploded","reason":"r"}""",
            """{"target":"agent","agentId":"support","mode":"normal","reason":"r","for":"00:30:00"}""",
            """{"target":"tools","agentId":"support","tools":["no_such_tool"],"mode":"killed","reason":"r"}""",
            """{"target":"risk","agentId":"support","risk":["irreversible"],"mode":"killed","reason":"r"}""",
            """{"target":"agent","agentId":"nobody","mode":"killed","reason":"r"}""",
            $$"""{"target":"global","mode":"killed","reason":"{{Huge}}"}""",
        ]),
        ("POST", "/api/v1/control/changes?wait=-1", ["""{"target":"global","mode":"killed","reason":"r"}"""]),
        ("PUT", "/api/v1/agents/support?wait=30001", ["""{"id":"support","owner":"o","description":null,"tools":[]}"""]),
        ("POST", "/api/v1/control/ack", ["""{"pointId":"","epoch":0}""", """{"pointId":"p","epoch":-1}""", """{"pointId":"no-such-point","epoch":0}"""]),
        ("POST", "/api/v1/approvals",
        [
            """{"agentId":"support","tool":"issue_refund","arguments":[1],"idempotencyKey":"a1","controlEpoch":1}""",
            """{"agentId":"support","tool":"issue_refund","arguments":{},"idempotencyKey":"","controlEpoch":1}""",
            """{"agentId":"support","tool":"issue_refund","arguments":{},"idempotencyKey":"a2","controlEpoch":-1}""",
            """{"agentId":"support","tool":"issue_refund","arguments":{},"idempotencyKey":"a3","controlEpoch":1,"amount":5}""",
            """{"agentId":"support","tool":"no_such_tool","arguments":{},"idempotencyKey":"a4","controlEpoch":1}""",
            """{"agentId":"nobody","tool":"issue_refund","arguments":{},"idempotencyKey":"a5","controlEpoch":1}""",
        ]),
        ("POST", "/api/v1/approvals/rules",
        [
            """{"agentId":"support","tool":"issue_refund","for":"00:00:00","reason":"r"}""",
            """{"agentId":"support","tool":"issue_refund","for":"01:00:00","reason":"r","maxAmount":20}""",
            """{"agentId":"support","tool":"issue_refund","for":"01:00:00","reason":""}""",
            """{"agentId":"support","tool":"no_such_tool","for":"01:00:00","reason":"r"}""",
        ]),
        ("POST", "/api/v1/approvals/no-such-approval/approve", ["""{"reason":"ok"}"""]),
        ("POST", "/api/v1/approvals/no-such-approval/deny", ["""{"reason":"no"}""", $$"""{"reason":"{{Huge}}"}"""]),
        ("POST", "/api/v1/held",
        [
            """{"agentId":"support","input":{},"reason":""}""",
            """{"agentId":"Not A Slug","input":{},"reason":"r"}""",
            """{"agentId":"nobody","input":{},"reason":"r"}""",
        ]),
        ("POST", "/api/v1/held/no-such-item/release", ["""{"reason":"ok"}"""]),
        ("POST", "/api/v1/held/no-such-item/discard", ["""{"incidentId":""}"""]),
        ("POST", "/api/v1/held/no-such-item/delivered", ["""{"pointId":""}""", $$"""{"pointId":"{{Huge}}"}"""]),
        ("POST", "/api/v1/keys",
        [
            """{"name":"n","role":"superuser"}""",
            """{"name":"n","role":"agent"}""",
            """{"name":"n","role":"viewer","agentId":"support"}""",
            """{"name":"","role":"viewer"}""",
        ]),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, bodies) in Endpoints)
        {
            foreach (var body in Malformed.Concat(bodies))
            {
                data.Add(method, path, body);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadBodies_GetAProblem_AndChangeNothing(string method, string path, string body)
    {
        await SeedAsync();
        var before = await SnapshotAsync();
        using var client = app.Operator();

        using var response = await client.SendAsync(
            new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            TestContext.Current.CancellationToken);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(problem.RootElement.TryGetProperty("title", out _));
        Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AnOversizedBody_Gets413_AndChangesNothing()
    {
        await SeedAsync();
        var before = await SnapshotAsync();
        using var client = app.Operator();
        var body = $$"""{"agentId":"support","idempotencyKey":"big","tool":"issue_refund","arguments":{"blob":"{{new string('x', 2 * 1024 * 1024)}}"},"outcome":"executed"}""";

        using var response = await client.PostAsync(
            new Uri("/api/v1/actions", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task FieldErrors_NameTheFields()
    {
        using var client = app.Operator();

        using var response = await client.PostAsync(
            new Uri("/api/v1/actions", UriKind.Relative),
            new StringContent("""{"agentId":"support","idempotencyKey":"","tool":"issue_refund","arguments":{},"outcome":"executed","amount":5}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("idempotencyKey", out _));
        Assert.True(errors.TryGetProperty("currency", out _));
    }

    private async Task SeedAsync()
    {
        using var client = app.Operator();
        using var incident = await client.GetAsync(new Uri("/api/v1/incidents/INC-1", UriKind.Relative), TestContext.Current.CancellationToken);
        if (incident.StatusCode == HttpStatusCode.NotFound)
        {
            await client.PostAsync(
                new Uri("/api/v1/incidents", UriKind.Relative),
                new StringContent("""{"title":"seed","agents":["support"],"failureClass":"tool-misuse","commander":"dana","severity":"P0"}""", Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            await client.PostAsync(
                new Uri("/api/v1/incidents/INC-1/actions", UriKind.Relative),
                new StringContent("""{"text":"seed","owner":"dana","due":"2026-12-01"}""", Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
        }

        await client.PostAsync(
            new Uri("/api/v1/runs", UriKind.Relative),
            new StringContent("""{"agentId":"support","runId":"seed-run"}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        await client.PostAsync(
            new Uri("/api/v1/actions", UriKind.Relative),
            new StringContent("""{"agentId":"support","idempotencyKey":"seed-key","tool":"issue_refund","arguments":{"a":1},"outcome":"pending"}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
    }

    /// <summary>Every row of every table, in a stable order: equal snapshots mean nothing stored changed.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var text = new StringBuilder();
        foreach (var table in new[] { "agents", "api_keys", "ledger_head", "ledger_entries", "runs", "actions", "action_entities", "incidents", "incident_agents", "incident_timeline", "incident_action_items", "incident_communications", "webhook_deliveries", "control_state", "control_changes", "approvals", "approval_rules", "held_items" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                text.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetValue(i)).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
