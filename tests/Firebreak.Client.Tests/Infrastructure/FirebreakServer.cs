using System.Text.Json;
using Firebreak.Approvals;
using Firebreak.Auth;
using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Client.Tests.Infrastructure;

/// <summary>
/// The real Firebreak server in this process, on a real loopback port (Kestrel: the guard's control stream is a real
/// socket, as in production) and a fresh SQLite file. The agent under test is registered and its guard's key issued
/// through the API; tests act as the operator through <see cref="Operator"/>, the SDK client with the bootstrap key.
/// </summary>
public sealed class FirebreakServer : WebApplicationFactory<Program>
{
    public const string OperatorKey = "fbk_client_tests_operator_key";

    /// <summary>The run the fixture's calls belong to (<see cref="GuardFixture.Refund"/>): the server records actions only in runs it knows.</summary>
    public const string FixtureRunId = "run-1";

    private readonly TempDirectory _directory;
    private readonly TimeSpan _leaseTtl;
    private readonly TimeProvider? _time;
    private readonly HashSet<string> _seenApprovals = new(StringComparer.Ordinal);

    private FirebreakServer(TempDirectory directory, Uri url, AgentDefinition agent, TimeSpan leaseTtl, TimeProvider? time)
    {
        _directory = directory;
        _leaseTtl = leaseTtl;
        _time = time;
        Url = url;
        Agent = agent;
        Operator = FirebreakClient.Create(url, OperatorKey);
        UseKestrel(url.Port);
    }

    public Uri Url { get; }

    public AgentDefinition Agent { get; }

    public FirebreakClient Operator { get; }

    /// <summary>The agent key the guard connects with.</summary>
    public string AgentKey { get; private set; } = string.Empty;

    /// <summary>
    /// Starts the server, registers <paramref name="agent"/>, issues its agent key and starts <see cref="FixtureRunId"/>.
    /// </summary>
    /// <param name="agent">The agent under test.</param>
    /// <param name="leaseTtl">The lease the server grants points (<c>Firebreak:Control:LeaseTtl</c>); heartbeats go every third of it.</param>
    /// <param name="time">The server's clock; a frozen fake clock sends no heartbeats until the test moves it.</param>
    public static async Task<FirebreakServer> StartAsync(AgentDefinition agent, TimeSpan? leaseTtl = null, TimeProvider? time = null)
    {
        var server = new FirebreakServer(new TempDirectory("firebreak-client-tests"), ServiceProcess.FreeLoopbackAddress(), agent, leaseTtl ?? TimeSpan.FromSeconds(5), time);
        server.StartServer();
        server.AgentKey = await RegisterAsync(server.Operator, agent);
        await server.StartRunAsync(FixtureRunId);
        return server;
    }

    /// <summary>
    /// The server as a real OS process on a fresh SQLite file in <paramref name="directory"/>, with <paramref name="agent"/>
    /// registered: for the tests where the server crashes. SIGKILL cuts its streams at once, where an in-process host
    /// stopping gracefully would hold them open for its whole shutdown timeout.
    /// </summary>
    /// <returns>The process, the settings to start another node on the same database with, and the agent's key.</returns>
    public static async Task<(ServiceProcess Process, IReadOnlyDictionary<string, string> Settings, string AgentKey)> StartProcessAsync(AgentDefinition agent, TempDirectory directory)
    {
        var settings = new Dictionary<string, string>
        {
            ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
            ["Firebreak:Storage:Provider"] = "sqlite",
            ["Firebreak:Storage:ConnectionString"] = directory.File("firebreak.db"),
        };
        var process = await ServiceProcess.StartServerAsync(settings, TestContext.Current.CancellationToken);
        using var client = FirebreakClient.Create(process.Address, OperatorKey);
        return (process, settings, await RegisterAsync(client, agent));
    }

    /// <summary>Sets <paramref name="mode"/> at <paramref name="scope"/>; with <paramref name="confirmed"/>, waits until every connected point applied it.</summary>
    public Task<ControlChangeResult> SetModeAsync(ControlScope scope, ControlMode mode, string reason = "game day", bool confirmed = true)
    {
        var request = scope.Kind == ControlScopeKind.Tool
            ? new ControlChangeRequest(ControlTarget.Tools, reason, mode, scope.AgentId, [scope.ToolName!])
            : new ControlChangeRequest(ControlTarget.Agent, reason, mode, scope.AgentId);
        return ChangeAsync(request, confirmed);
    }

    /// <summary>Puts the agent at the strict policy level, or back to normal, and waits until its points applied it.</summary>
    public Task<ControlChangeResult> SetStrictAsync(bool strict) =>
        ChangeAsync(new ControlChangeRequest(ControlTarget.Agent, "strict", AgentId: Agent.Id, Strict: strict), confirmed: true);

    public Task<RunRecord> StartRunAsync(string runId) =>
        Operator.StartRunAsync(new StartRunRequest(Agent.Id, RunId: runId, CorrelationId: "corr-1"), TestContext.Current.CancellationToken);

    /// <summary>The next approval request of the agent that this method has not returned before, waiting up to 10 s for it.</summary>
    public async Task<Approval> NextApprovalAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            var pending = await Operator.ListApprovalsAsync(ApprovalStatus.Pending, Agent.Id, TestContext.Current.CancellationToken);
            if (pending.OrderBy(a => a.CreatedAt).FirstOrDefault(a => _seenApprovals.Add(a.Id)) is { } approval)
            {
                return approval;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("No new approval request within 10 s.");
    }

    /// <summary>The stored action of the agent under <paramref name="key"/>, if any.</summary>
    public async Task<ActionRecord?> ActionAsync(string key) =>
        (await Operator.ListActionsAsync(Agent.Id, limit: 500, cancellationToken: TestContext.Current.CancellationToken))
        .FirstOrDefault(a => a.IdempotencyKey == key);

    /// <summary>The run's ledger writes of actions in the order the server chained them, as <c>outcome:key</c> (<c>pending:k1</c>, <c>executed:k1</c>).</summary>
    public async Task<IReadOnlyList<string>> LedgerAsync(string runId = FixtureRunId) =>
        [.. (await TraceAsync(runId))
            .Where(item => item.Kind is LedgerEntryKinds.Action or LedgerEntryKinds.ActionCompleted)
            .Select(item => $"{item.Payload.GetProperty("outcome").GetString()}:{item.Payload.GetProperty("idempotencyKey").GetString()}")];

    /// <summary>The steps appended to the run's trace, in order.</summary>
    public async Task<IReadOnlyList<AppendStepRequest>> StepsAsync(string runId = FixtureRunId) =>
        [.. (await TraceAsync(runId))
            .Where(item => item.Kind == LedgerEntryKinds.Step)
            .Select(item => item.Payload.Deserialize<AppendStepRequest>(FirebreakJson.Options)!)];

    /// <summary>The runs of the agent other than <see cref="FixtureRunId"/>: those the guard started.</summary>
    public async Task<IReadOnlyList<RunRecord>> GuardRunsAsync() =>
        [.. (await Operator.ListRunsAsync(Agent.Id, cancellationToken: TestContext.Current.CancellationToken))
            .Where(r => r.Id != FixtureRunId)
            .OrderBy(r => r.StartedAt)];

    public async Task<HeldItem> HeldAsync(string heldId) =>
        (await Operator.ListHeldAsync(agentId: Agent.Id, cancellationToken: TestContext.Current.CancellationToken)).Single(h => h.Id == heldId);

    private static async Task<string> RegisterAsync(FirebreakClient client, AgentDefinition agent)
    {
        var ct = TestContext.Current.CancellationToken;
        await client.RegisterAgentAsync(agent, cancellationToken: ct);
        return (await client.CreateApiKeyAsync(new CreateApiKeyRequest("client-tests-guard", ApiKeyRole.Agent, agent.Id), ct)).Key;
    }

    private async Task<IReadOnlyList<TraceItem>> TraceAsync(string runId) =>
        (await Operator.GetTraceAsync(runId, TestContext.Current.CancellationToken)).Items;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Firebreak:BootstrapOperatorKey", OperatorKey);
        builder.UseSetting("Firebreak:Storage:Provider", "sqlite");
        builder.UseSetting("Firebreak:Storage:ConnectionString", _directory.File("firebreak.db"));
        builder.UseSetting("Firebreak:Control:LeaseTtl", _leaseTtl.ToString("c", System.Globalization.CultureInfo.InvariantCulture));

        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Operator.Dispose();
            _directory.Dispose();
        }
    }

    private async Task<ControlChangeResult> ChangeAsync(ControlChangeRequest request, bool confirmed)
    {
        var result = await Operator.ChangeControlAsync(request, confirmed ? TimeSpan.FromSeconds(10) : null, TestContext.Current.CancellationToken);
        Assert.True(!confirmed || result.Unconfirmed == 0, $"{result.Unconfirmed} point(s) did not confirm epoch {result.Epoch}.");
        return result;
    }
}
