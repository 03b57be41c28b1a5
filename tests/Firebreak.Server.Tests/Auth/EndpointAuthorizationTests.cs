using System.Net;
using System.Text;
using Firebreak.Auth;
using Firebreak.Server.Auth;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Auth;

/// <summary>
/// Walks every mapped endpoint, so an endpoint added without authorization, or with the wrong policy, fails here.
/// </summary>
public sealed class EndpointAuthorizationTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    /// <summary>The only endpoints an agent key may call. Adding one is a deliberate act: it widens what a compromised agent can do.</summary>
    private static readonly HashSet<string> AgentEndpoints =
    [
        "POST /api/v1/runs/",
        "POST /api/v1/runs/{id}/steps",
        "POST /api/v1/runs/{id}/end",
        "POST /api/v1/actions/",
        "POST /api/v1/actions/complete",
        "POST /api/v1/decisions",
        "POST /api/v1/decisions/runs",
        "GET /api/v1/control/snapshot",
        "GET /api/v1/control/stream",
        "POST /api/v1/control/ack",
        "POST /api/v1/approvals/",
        "GET /api/v1/approvals/{id}",
        "POST /api/v1/held/",
        "POST /api/v1/held/{id}/delivered",
        "POST /mcp/{agent}/",
        "GET /mcp/{agent}/",
        "DELETE /mcp/{agent}/",

        // OpenTelemetry export: an agent's traces, recorded as its own runs.
        "POST /v1/traces",

        // An agent builds itself from its releases and reads its regression cases; it never reports their results.
        "GET /api/v1/releases/",
        "GET /api/v1/releases/{id}",
        "GET /api/v1/regression/cases",
        "GET /api/v1/regression/cases/{id}",

        // An agent's process runs the in-process compensators it registered and reports each one.
        "GET /api/v1/compensations/dispatched",
        "POST /api/v1/compensations/items/{actionSeq}/report",
    ];

    /// <summary>
    /// The only endpoints a ci key may call: what the replay harness reads (the release, the agent's cases) and the results
    /// it reports. Each opens the promotion gate or feeds it, so each is scoped to the key's agents.
    /// </summary>
    private static readonly HashSet<string> CiEndpoints =
    [
        "GET /api/v1/releases/{id}",
        "GET /api/v1/regression/cases",
        "POST /api/v1/regression/results",
    ];

    /// <summary>
    /// Endpoints under <see cref="Policies.Status"/>: readable by operators and viewers, and anonymous only for agents
    /// configured public (none here, so an anonymous caller is refused; StatusFeedTests covers the public case).
    /// </summary>
    private const string StatusFeed = "GET /status/v1/{agent}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void OnlyHealthIsAnonymous_AndEveryOtherEndpointDeclaresAKnownPolicy()
    {
        foreach (var endpoint in Endpoints())
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.Equal("GET /health", endpoint.Name);
                continue;
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Count > 0, $"{endpoint.Name} has no authorization.");
            Assert.All(policies, p => Assert.Contains(p, new[] { Policies.Read, Policies.Operate, Policies.Record, Policies.Status, Policies.Observe, Policies.Gate, Policies.Replay }));
            Assert.True(!policies.Contains(Policies.Status) || endpoint.Name == StatusFeed, $"{endpoint.Name} may not be conditionally anonymous.");
            if (endpoint.Method != "GET")
            {
                Assert.DoesNotContain(Policies.Read, policies);
                Assert.DoesNotContain(Policies.Replay, policies);
            }
        }
    }

    [Fact]
    public async Task EveryEndpointButHealth_RefusesAnonymousCallers()
    {
        using var client = app.Anonymous();
        foreach (var endpoint in Endpoints().Where(e => e.Name != "GET /health"))
        {
            using var response = await SendAsync(client, endpoint);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint.Name} answered {(int)response.StatusCode} to an anonymous caller.");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AnUnknownKey_IsRefused()
    {
        using var client = app.WithKey("fbk_not_a_key");
        using var response = await client.GetAsync(new Uri("/api/v1/agents", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Viewers_ReadEverything_AndChangeNothing()
    {
        using var client = await app.ClientFor(ApiKeyRole.Viewer);
        foreach (var endpoint in Endpoints().Where(e => e.Name != "GET /health"))
        {
            using var response = await SendAsync(client, endpoint);
            var readable = endpoint.Policies.Contains(Policies.Read) || endpoint.Policies.Contains(Policies.Status) || endpoint.Policies.Contains(Policies.Observe) || endpoint.Policies.Contains(Policies.Replay);
            Assert.True(
                readable ? response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) : response.StatusCode == HttpStatusCode.Forbidden,
                $"viewer: {endpoint.Name} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task AgentKeys_ReachOnlyTheRecordingEndpoints()
    {
        using var client = await app.ClientFor(ApiKeyRole.Agent, "support");
        foreach (var endpoint in Endpoints().Where(e => e.Name != "GET /health"))
        {
            using var response = await SendAsync(client, endpoint);
            var allowed = AgentEndpoints.Contains(endpoint.Name);
            Assert.True(
                allowed ? response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) : response.StatusCode == HttpStatusCode.Forbidden,
                $"agent: {endpoint.Name} answered {(int)response.StatusCode}");
        }

        Assert.All(
            Endpoints().Where(e => e.Policies.Contains(Policies.Record) || e.Policies.Contains(Policies.Observe) || e.Policies.Contains(Policies.Replay)),
            e => Assert.Contains(e.Name, AgentEndpoints));
    }

    [Fact]
    public async Task CiKeys_ReachOnlyWhatAReplayNeeds()
    {
        using var client = await app.ClientFor(ApiKeyRole.Ci, agentIds: ["support"]);
        foreach (var endpoint in Endpoints().Where(e => e.Name != "GET /health"))
        {
            using var response = await SendAsync(client, endpoint);
            var allowed = CiEndpoints.Contains(endpoint.Name);
            Assert.True(
                allowed ? response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) : response.StatusCode == HttpStatusCode.Forbidden,
                $"ci: {endpoint.Name} answered {(int)response.StatusCode}");
        }

        Assert.All(Endpoints().Where(e => e.Policies.Contains(Policies.Gate) || e.Policies.Contains(Policies.Replay)), e => Assert.Contains(e.Name, CiEndpoints));
        Assert.All(Endpoints().Where(e => e.Policies.Contains(Policies.Gate)), e => Assert.DoesNotContain(e.Name, AgentEndpoints));
    }

    [Fact]
    public async Task ACiKey_IsRefusedEachOfItsEndpoints_ForAnAgentOutsideItsScope()
    {
        using var operatorClient = app.Operator();
        var (release, caseId) = await SeedRegressionCaseAsync(operatorClient, "support");
        Dictionary<string, Func<HttpRequestMessage>> namingSupport = new()
        {
            ["GET /api/v1/releases/{id}"] = () => new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/releases/{release}?agent=support", UriKind.Relative)),
            ["GET /api/v1/regression/cases"] = () => new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/regression/cases?agent=support", UriKind.Relative)),
            ["POST /api/v1/regression/results"] = () => new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/regression/results", UriKind.Relative))
            {
                Content = new StringContent($$"""{"caseId":"{{caseId}}","releaseId":"{{release}}","passed":true,"failures":[]}""", Encoding.UTF8, "application/json"),
            },
        };
        using var outside = await app.ClientFor(ApiKeyRole.Ci, agentIds: ["billing", "search"]);
        using var inside = await app.ClientFor(ApiKeyRole.Ci, agentIds: ["billing", "support"]);

        Assert.Equal(CiEndpoints.Order(StringComparer.Ordinal), namingSupport.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, request) in namingSupport)
        {
            using var refused = await outside.SendAsync(request(), Ct);
            using var allowed = await inside.SendAsync(request(), Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"ci outside its scope: {name} answered {(int)refused.StatusCode}");
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"ci in its scope: {name} answered {(int)allowed.StatusCode}");
        }
    }

    [Fact]
    public async Task Operators_AreRefusedNowhere()
    {
        using var client = app.Operator();
        foreach (var endpoint in Endpoints())
        {
            using var response = await SendAsync(client, endpoint);
            Assert.True(
                response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"operator: {endpoint.Name} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task AnAgentKey_CannotRecordForAnotherAgent()
    {
        using var client = await app.ClientFor(ApiKeyRole.Agent, "billing");
        using var run = await client.PostAsync(
            new Uri("/api/v1/runs", UriKind.Relative),
            new StringContent("""{"agentId":"support"}""", Encoding.UTF8, "application/json"),
            Ct);
        using var action = await client.PostAsync(
            new Uri("/api/v1/actions", UriKind.Relative),
            new StringContent("""{"agentId":"support","idempotencyKey":"k","tool":"issue_refund","arguments":{},"outcome":"executed"}""", Encoding.UTF8, "application/json"),
            Ct);

        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, action.StatusCode);
    }

    /// <summary>A release of <paramref name="agent"/> and a regression case captured from one of its runs.</summary>
    private static async Task<(string Release, string CaseId)> SeedRegressionCaseAsync(HttpClient operatorClient, string agent)
    {
        var (_, release) = await HttpJson.PostAsync(operatorClient, "/api/v1/releases",
            System.Text.Json.JsonSerializer.Serialize(new { agentId = agent, model = new { id = "scripted-support", provider = "scripted" }, prompts = new { system = "scope test" } }));
        var (_, run) = await HttpJson.PostAsync(operatorClient, "/api/v1/runs", System.Text.Json.JsonSerializer.Serialize(new { agentId = agent, input = new { subject = "where is my order" } }));
        var (created, regression) = await HttpJson.PostAsync(operatorClient, "/api/v1/regression/cases",
            $$"""{"fromRunId":"{{run.GetProperty("id").GetString()}}","assertions":[{"kind":"must_not_call","tool":"issue_refund"}]}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, regression.ToString());
        return (release.GetProperty("id").GetString()!, regression.GetProperty("id").GetString()!);
    }

    /// <summary>Returns once the headers arrive, so the control stream, which never ends by itself, answers too.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, MappedEndpoint endpoint) =>
        client.SendAsync(endpoint.Request(), HttpCompletionOption.ResponseHeadersRead, Ct);

    private IEnumerable<MappedEndpoint> Endpoints()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return new MappedEndpoint(method, endpoint);
            }
        }
    }

    private sealed record MappedEndpoint(string Method, RouteEndpoint Endpoint)
    {
        public string Name => $"{Method} {Endpoint.RoutePattern.RawText}";

        public EndpointMetadataCollection Metadata => Endpoint.Metadata;

        public IReadOnlyList<string?> Policies => Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();

        public HttpRequestMessage Request()
        {
            var path = "/" + string.Join('/', Endpoint.RoutePattern.PathSegments.Select(segment =>
                string.Concat(segment.Parts.Select(part => part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "support",
                    _ => string.Empty,
                }))));
            var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(path, UriKind.Relative));
            if (Method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            return request;
        }
    }
}
