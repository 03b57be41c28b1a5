using System.Net;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Client;

namespace Firebreak.Server.Tests.Outbound;

/// <summary>
/// Server-side request forgery tried against the real server process: compensators aimed at the cloud metadata service,
/// at a loopback port nobody allowed, through a redirect, or out of their path through an agent's arguments. A real HTTP
/// server on the allowed endpoint and another on a port nobody allowed record what reached them.
/// </summary>
public sealed class OutboundAttackTests
{
    private const string OperatorKey = "fbk_outbound_attack_operator";
    private const string UpstreamSecret = "tok-upstream-secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACompensatorAimedAtTheMetadataService_OrAHostNotAllowed_IsRefused_AndNothingReachesTheTarget()
    {
        await using var scene = await Scene.StartAsync();

        var run = await scene.CompensateAsync(
            ("meta_refund", "i-1"), ("meta6_refund", "i-2"), ("other_port_refund", "i-3"), ("localhost_refund", "i-4"), ("desk_refund", "rf-1"));

        Assert.Contains("refused: 169.254.169.254 is a cloud metadata address", Scene.Error(run, "meta_refund"), StringComparison.Ordinal);
        Assert.Contains("refused: fd00:ec2::254 is a cloud metadata address", Scene.Error(run, "meta6_refund"), StringComparison.Ordinal);
        Assert.Contains($"refused: 127.0.0.1:{scene.Target.Address.Port} is not an allowed host", Scene.Error(run, "other_port_refund"), StringComparison.Ordinal);
        Assert.Contains($"refused: localhost:{scene.Target.Address.Port} is not an allowed host", Scene.Error(run, "localhost_refund"), StringComparison.Ordinal);
        foreach (var refused in new[] { "meta_refund", "meta6_refund", "other_port_refund", "localhost_refund" })
        {
            Assert.Equal("failed", Scene.Item(run, refused).GetProperty("state").GetString());
            Assert.Equal(1, Scene.Item(run, refused).GetProperty("attempts").GetInt32());
        }

        Assert.Empty(scene.Target.Requests);
        Assert.Equal(["POST /refunds/rf-1/reverse", "GET /refunds/rf-1"], scene.Desk.Requests);
        Assert.Equal("done", Scene.Item(run, "desk_refund").GetProperty("state").GetString());
        Assert.True(Scene.Item(run, "desk_refund").GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task ARedirectFromAnAllowedCompensator_IsNotFollowed_AndTheHostItPointsAtSeesNothing()
    {
        await using var scene = await Scene.StartAsync();

        var run = await scene.CompensateAsync(("bounce", "b-1"));

        Assert.Equal(["POST /bounce/b-1"], scene.Desk.Requests);
        Assert.Empty(scene.Target.Requests);
        Assert.Equal("failed", Scene.Item(run, "bounce").GetProperty("state").GetString());
        Assert.StartsWith("307 Temporary Redirect", Scene.Error(run, "bounce"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../admin")]
    [InlineData("%2e%2e%2fadmin")]
    [InlineData("%252e%252e%252fadmin")]
    [InlineData("rf-1\\..\\admin")]
    public async Task AnArgumentThatWouldLeaveTheCompensatorsPath_FailsItsItem_AndNothingIsSent(string id)
    {
        await using var scene = await Scene.StartAsync();

        var run = await scene.CompensateAsync(("desk_refund", id));

        Assert.Empty(scene.Desk.Requests);
        Assert.Equal("failed", Scene.Item(run, "desk_refund").GetProperty("state").GetString());
        Assert.Contains("would change the URL's path", Scene.Error(run, "desk_refund"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHugeErrorBody_IsStoredCutShort_WithoutTheResponsesHeaders_AndAHugeVerificationIsNotRead()
    {
        await using var scene = await Scene.StartAsync();

        var run = await scene.CompensateAsync(("noisy", "n-1"), ("bulky", "k-1"));

        var error = Scene.Error(run, "noisy");
        Assert.StartsWith("500 Internal Server Error: EEEE", error, StringComparison.Ordinal);
        Assert.InRange(error.Length, 100, 513);
        Assert.DoesNotContain(UpstreamSecret, error, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Upstream-Token", error, StringComparison.OrdinalIgnoreCase);
        var bulky = Scene.Item(run, "bulky");
        Assert.Equal("done", bulky.GetProperty("state").GetString());
        Assert.False(bulky.GetProperty("verified").GetBoolean());
        Assert.Equal("verification failed: the response is larger than 262144 bytes", bulky.GetProperty("verifyDetail").GetString());
    }

    [Fact]
    public async Task AUrlUpstreamOnAPortNotAllowed_IsNeverConnected_WhenAnAgentSessionAsksForItsTools()
    {
        await using var scene = await Scene.StartAsync();
        using var client = scene.Server.Client(OperatorKey);
        var (_, created) = await HttpJson.PostAsync(client, "/api/v1/keys", """{"name":"gatewayed-agent","role":"agent","agentId":"gatewayed"}""");
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(scene.Server.Address, "/mcp/gatewayed"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {created.GetProperty("key").GetString()}" },
        });
        await using var session = await McpClient.CreateAsync(transport, cancellationToken: Ct);

        var failed = await Record.ExceptionAsync(async () => await session.ListToolsAsync(cancellationToken: Ct));
        var (_, listing) = await HttpJson.GetAsync(client, "/api/v1/agents/gatewayed/mcp-tools");

        Assert.NotNull(failed);
        Assert.Empty(scene.Target.Requests);
        Assert.Equal("unavailable", listing.GetProperty("upstreams")[0].GetProperty("state").GetString());
        Assert.Contains($"127.0.0.1:{scene.Target.Address.Port} is not an allowed host", scene.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperatorKey_CannotRegisterACompensatorHookOrUpstreamOnAHostNotAllowed_AndNothingIsStored()
    {
        await using var scene = await Scene.StartAsync();
        using var client = scene.Server.Client(OperatorKey);
        var metadata = $$$$"""
            {"id":"ssrf","owner":"attacker","tools":[
              {"name":"refund","risk":"financial","compensation":{"http":{"url":"http://169.254.169.254/latest/meta-data/","verifyUrl":"http://{arguments.host}/x","verifyField":"ok"}}}],
             "memory":{"purge":{"url":"http://127.0.0.1:{{{{scene.Target.Address.Port}}}}/purge"}},
             "mcp":{"upstreams":[{"name":"remote","url":"http://consul.internal:8500/v1/kv"}]}}
            """;

        var (refused, problem) = await HttpJson.SendAsync(client, "PUT", "/api/v1/agents/ssrf", metadata);
        var (missing, _) = await HttpJson.SendAsync(client, "GET", "/api/v1/agents/ssrf");
        var allowed = await HttpJson.SendAsync(
            client, "PUT", "/api/v1/agents/fine",
            """{"id":"fine","owner":"ops","tools":[{"name":"refund","risk":"financial","compensation":{"http":{"url":"{endpoint.desk}/refunds/{result.id}/reverse"}}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            ["mcp.upstreams[0].url", "memory.purge.url", "tools[0].compensation.http.url", "tools[0].compensation.http.verifyUrl"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.Response.StatusCode);
    }

    /// <summary>The server process, its allowed backend (<see cref="Desk"/>) and a server on a port nobody allowed (<see cref="Target"/>).</summary>
    private sealed class Scene : IAsyncDisposable
    {
        private readonly TempDirectory _directory;

        private Scene(TempDirectory directory, RecordingServer desk, RecordingServer target, ServiceProcess server) =>
            (_directory, Desk, Target, Server) = (directory, desk, target, server);

        public RecordingServer Desk { get; }

        public RecordingServer Target { get; }

        public ServiceProcess Server { get; }

        public static async Task<Scene> StartAsync()
        {
            var directory = new TempDirectory();
            var target = await RecordingServer.StartAsync(null, Ct);
            var desk = await RecordingServer.StartAsync(context => RespondAsDeskAsync(context, target.Address), Ct);
            var other = $"127.0.0.1:{target.Address.Port}";
            var registry = directory.File("registry.json");
            await File.WriteAllTextAsync(registry, $$$$"""
                {"agents":[{"id":"outbound","owner":"tests","tools":[
                  {"name":"meta_refund","risk":"financial","compensation":{"http":{"url":"http://169.254.169.254/latest/meta-data/iam/security-credentials/{arguments.id}"}}},
                  {"name":"meta6_refund","risk":"financial","compensation":{"http":{"url":"http://[fd00:ec2::254]/latest/meta-data/{arguments.id}"}}},
                  {"name":"other_port_refund","risk":"financial","compensation":{"http":{"url":"http://{{{{other}}}}/refunds/{arguments.id}/reverse"}}},
                  {"name":"localhost_refund","risk":"financial","compensation":{"http":{"url":"http://localhost:{{{{target.Address.Port}}}}/refunds/{arguments.id}/reverse"}}},
                  {"name":"desk_refund","risk":"financial","compensation":{"http":{"url":"{endpoint.desk}/refunds/{arguments.id}/reverse","verifyUrl":"{endpoint.desk}/refunds/{arguments.id}","verifyField":"reversalId","verifyEquals":"*"}}},
                  {"name":"bounce","risk":"write","compensation":{"http":{"url":"{endpoint.desk}/bounce/{arguments.id}"}}},
                  {"name":"noisy","risk":"write","compensation":{"http":{"url":"{endpoint.desk}/noisy/{arguments.id}"}}},
                  {"name":"bulky","risk":"write","compensation":{"http":{"url":"{endpoint.desk}/bulky/{arguments.id}","verifyUrl":"{endpoint.desk}/bulky/{arguments.id}","verifyField":"reversed"}}}]},
                 {"id":"gatewayed","owner":"tests","tools":[],"mcp":{"upstreams":[{"name":"remote","url":"http://{{{{other}}}}/mcp"}]}}]}
                """, Ct);
            var server = await ServiceProcess.StartServerAsync(
                new Dictionary<string, string>
                {
                    ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                    ["Firebreak:Storage:Provider"] = "sqlite",
                    ["Firebreak:Storage:ConnectionString"] = directory.File("firebreak.db"),
                    ["Firebreak:RegistryFile"] = registry,
                    ["Firebreak:Compensation:Endpoints:desk"] = desk.Address.ToString(),
                    ["Firebreak:Compensation:MaxAttempts"] = "2",
                    ["Firebreak:Compensation:RetryBackoff"] = "00:00:00.050",

                    // Named on purpose: metadata addresses stay refused even when an operator allows them.
                    ["Firebreak:Outbound:AllowedHosts:0"] = "169.254.169.254",
                    ["Firebreak:Outbound:AllowedHosts:1"] = "fd00:ec2::254",
                },
                Ct);
            return new Scene(directory, desk, target, server);
        }

        /// <summary>Records one executed call of each tool with <c>{"id": ...}</c>, then plans, approves and executes its compensation, and returns the finished run.</summary>
        public async Task<JsonElement> CompensateAsync(params (string Tool, string Id)[] calls)
        {
            using var client = Server.Client(OperatorKey);
            foreach (var (tool, id) in calls)
            {
                var action = JsonSerializer.Serialize(new { agentId = "outbound", idempotencyKey = $"{tool}-{Guid.NewGuid():N}", tool, arguments = new { id }, outcome = "executed" });
                var (recorded, body) = await HttpJson.PostAsync(client, "/api/v1/actions", action);
                Assert.True(recorded.IsSuccessStatusCode, body.ToString());
            }

            var (_, plan) = await HttpJson.PostAsync(client, "/api/v1/compensations", """{"selection":{"agents":["outbound"]}}""");
            var runId = plan.GetProperty("run").GetProperty("id").GetString();
            Assert.True((await HttpJson.PostAsync(client, $"/api/v1/compensations/{runId}/approve", "{}")).Response.IsSuccessStatusCode);
            Assert.True((await HttpJson.PostAsync(client, $"/api/v1/compensations/{runId}/execute", "{}")).Response.IsSuccessStatusCode);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            while (true)
            {
                var (_, detail) = await HttpJson.GetAsync(client, $"/api/v1/compensations/{runId}");
                if (detail.GetProperty("run").GetProperty("status").GetString() == "completed")
                {
                    return detail;
                }

                await Task.Delay(100, deadline.Token);
            }
        }

        public static JsonElement Item(JsonElement run, string tool) =>
            run.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("tool").GetString() == tool);

        public static string Error(JsonElement run, string tool) => Item(run, tool).GetProperty("error").GetString()!;

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Desk.DisposeAsync();
            await Target.DisposeAsync();
            _directory.Dispose();
        }

        private static async Task RespondAsDeskAsync(HttpContext context, Uri target)
        {
            var path = context.Request.Path.Value!;
            if (path.StartsWith("/bounce/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = new Uri(target, "/stolen").ToString();
            }
            else if (path.StartsWith("/noisy/", StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.Headers["X-Upstream-Token"] = UpstreamSecret;
                await context.Response.WriteAsync(new string('E', 1_000_000) + UpstreamSecret);
            }
            else if (path.StartsWith("/bulky/", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.WriteAsync($$"""{"pad":"{{new string('x', 2_000_000)}}","reversed":true}""");
            }
            else
            {
                await context.Response.WriteAsync("""{"reversalId":"rv-1"}""", Encoding.UTF8);
            }
        }
    }
}
