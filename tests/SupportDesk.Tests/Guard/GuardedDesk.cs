using System.Diagnostics;
using System.Text.RegularExpressions;
using Firebreak.Approvals;
using Firebreak.Auth;
using Firebreak.Client;
using Firebreak.Held;
using SupportDesk.Agent;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// The demo as <c>scripts/start.sh</c> brings it up: a Firebreak server and a seeded SupportDesk backend as real
/// processes, an agent key for <c>support</c>, and the agent's command line run in-process under the guard.
/// </summary>
internal sealed partial class GuardedDesk : IAsyncDisposable
{
    public const string AgentId = "support";
    private const string OperatorKey = "fbk_supportdesk_e2e_operator";

    private readonly TempDirectory _directory;
    private readonly ServiceProcess _server;
    private readonly ServiceProcess _backend;
    private readonly string _agentKey;
    private readonly string _ciKey;
    private readonly List<(GuardedAgent Agent, CancellationTokenSource Stop)> _agents = [];

    private GuardedDesk(TempDirectory directory, ServiceProcess server, ServiceProcess backend, FirebreakClient operatorClient, HttpClient backendHttp, string agentKey, string ciKey)
    {
        _directory = directory;
        _server = server;
        _backend = backend;
        Operator = operatorClient;
        Backend = backendHttp;
        _agentKey = agentKey;
        _ciKey = ciKey;
    }

    /// <summary>The server as an operator sees it.</summary>
    public FirebreakClient Operator { get; }

    /// <summary>The server's base address, for a browser.</summary>
    public Uri ServerAddress => _server.Address;

    /// <summary>The backend, for its counters.</summary>
    public HttpClient Backend { get; }

    /// <summary>The backend's base address, as the server's compensators name it.</summary>
    public Uri BackendAddress => _backend.Address;

    /// <summary>Server settings for a desk whose alerts get the agent's automatic playbooks, as in production: for game days.</summary>
    public static IReadOnlyDictionary<string, string> AutomaticPlaybooks { get; } = new Dictionary<string, string>
    {
        ["Firebreak:Playbooks:Automatic"] = "true",
    };

    /// <param name="seedTickets">How many tickets the backend queue starts with.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="serverSettings">More server settings, such as <c>Firebreak:Control:LeaseTtl</c>. Automatic playbooks are off unless these turn them on.</param>
    public static async Task<GuardedDesk> StartAsync(int seedTickets, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        var directory = new TempDirectory("supportdesk-tests");
        // The backend first: the server's compensators name it as {endpoint.supportdesk}.
        var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", seedTickets.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
        var settings = new Dictionary<string, string>
        {
            ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
            ["Firebreak:RegistryFile"] = Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "registry.json"),
            ["Firebreak:Storage:Provider"] = "sqlite",
            ["Firebreak:Storage:ConnectionString"] = directory.File("firebreak.db"),
            ["Firebreak:Compensation:Endpoints:supportdesk"] = backend.Address.ToString(),
            // The tests drive containment themselves; a game day turns automatic playbooks back on.
            ["Firebreak:Playbooks:Automatic"] = "false",
        };
        foreach (var (key, value) in serverSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var server = await ServiceProcess.StartServerAsync(settings, cancellationToken);
        var operatorClient = FirebreakClient.Create(server.Address, OperatorKey);

        // The agent gets its own agent-scoped key, as in production: it can act and follow controls but never lift them.
        var agentKey = await operatorClient.CreateApiKeyAsync(new CreateApiKeyRequest("supportdesk-e2e", ApiKeyRole.Agent, AgentId), cancellationToken);
        // Replays report regression results with a ci key: the agent's own key may not judge its releases.
        var ciKey = await operatorClient.CreateApiKeyAsync(new CreateApiKeyRequest("supportdesk-e2e-ci", ApiKeyRole.Ci, AgentIds: [AgentId]), cancellationToken);
        return new GuardedDesk(directory, server, backend, operatorClient, backend.Client(), agentKey.Key, ciKey.Key);
    }

    /// <summary>The Firebreak server process, to kill and restart.</summary>
    public ServiceProcess Server => _server;

    /// <summary>Starts <c>SupportDesk.Agent process</c> under the guard, in the background; <paramref name="options"/> go after the command's own.</summary>
    public GuardedAgent StartAgent(string behaviour, int tickets, int delayMs, CancellationToken cancellationToken, params string[] options)
    {
        List<string> args =
        [
            "--backend", _backend.Address.ToString(),
            "--firebreak", _server.Address.ToString(),
            "--api-key", _agentKey,
            "--agent-id", AgentId,
            "--behaviour", behaviour,
            "process", "--tickets", tickets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--delay-ms", delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. options,
        ];
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var agent = new GuardedAgent((output, error, token) => Task.Run(() => AgentCli.RunAsync([.. args], output, error, token), token), stop);
        _agents.Add((agent, stop));
        return agent;
    }

    /// <summary>An enforcement point of the support agent in the test process, with the agent's own key, as a second agent process would have.</summary>
    public Task<AgentGuard> StartGuardAsync(CancellationToken cancellationToken) =>
        AgentGuard.StartAsync(new AgentGuardOptions { ServerUrl = _server.Address, ApiKey = _agentKey, AgentId = AgentId, PointId = "support-e2e-replay" }, cancellationToken);

    /// <summary>A client with the agent's own key, for what a compromised agent would try.</summary>
    public FirebreakClient CreateAgentClient() => FirebreakClient.Create(_server.Address, _agentKey);

    /// <summary>Waits for the pending approval of a <paramref name="tool"/> call, as an operator watching <c>firebreak approvals list</c>.</summary>
    public Task<Approval> WaitForApprovalAsync(string tool, GuardedAgent agent, CancellationToken cancellationToken) =>
        EventuallyAsync(
            async () => (await Operator.ListApprovalsAsync(ApprovalStatus.Pending, AgentId, cancellationToken)).FirstOrDefault(a => a.Tool == tool),
            agent,
            $"a pending approval of {tool}",
            cancellationToken);

    /// <summary>Waits until the agent has <paramref name="count"/> held items, as an operator watching <c>firebreak held list</c>.</summary>
    public Task<IReadOnlyList<HeldItem>> WaitForHeldAsync(int count, GuardedAgent agent, CancellationToken cancellationToken) =>
        EventuallyAsync(
            async () => await Operator.ListHeldAsync(HeldItemStatus.Held, AgentId, cancellationToken) is { } held && held.Count >= count ? held : null,
            agent,
            $"{count} held items",
            cancellationToken);

    /// <summary>Runs <c>SupportDesk.Agent replay</c> as a CI pipeline would, with a ci key for the agent: its regression cases against <paramref name="releaseId"/>, results reported to Firebreak.</summary>
    /// <returns>The exit code (0 when every case passed, 4 when one failed) and what the command printed.</returns>
    public async Task<(int ExitCode, string Output)> ReplayAsync(string releaseId, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "--backend", _backend.Address.ToString(),
            "--firebreak", _server.Address.ToString(),
            "--api-key", _ciKey,
            "--agent-id", AgentId,
            "replay", "--release", releaseId,
        ];
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using var error = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var exitCode = await AgentCli.RunAsync(args, output, error, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return (exitCode, output + error.ToString());
    }

    /// <summary>Polls the backend's counters until <paramref name="condition"/> holds; fails early if the agent exits.</summary>
    public Task<Counters> WaitForCountersAsync(Func<Counters, bool> condition, GuardedAgent agent, CancellationToken cancellationToken) =>
        EventuallyAsync(
            async () => await Backend.CountersAsync(cancellationToken) is { } counters && condition(counters) ? counters : null,
            agent,
            "the backend counters to reach the condition",
            cancellationToken);

    /// <summary>Polls <paramref name="probe"/> until it returns a value, for at most 60 s; fails early if the agent exits.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, GuardedAgent agent, string what, CancellationToken cancellationToken)
        where T : class
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (agent.Run.IsCompleted)
            {
                throw new InvalidOperationException($"The agent exited with {await agent.Run} while the test waited for {what}:\n{agent.Output}\n{agent.Error}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"Waited 60 s for {what}:\n{agent.Output}\n{agent.Error}");
    }

    /// <summary>The enforcement point id the agent printed when its guard started.</summary>
    public static string PointIdOf(GuardedAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var match = PointLine().Match(agent.Output);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"The agent printed no enforcement point:\n{agent.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        // An agent still running (a test that failed half-way) is stopped before the processes it talks to go away.
        foreach (var (agent, stop) in _agents)
        {
            await stop.CancelAsync();
            await ((Task)agent.Run).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
        }

        Backend.Dispose();
        Operator.Dispose();
        await _backend.DisposeAsync();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [GeneratedRegex(@"enforcement point (\S+)")]
    private static partial Regex PointLine();
}
