using System.Diagnostics;
using System.Text.RegularExpressions;
using Firebreak.Auth;
using Firebreak.Client;
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
    private readonly FirebreakServerProcess _server;
    private readonly BackendProcess _backend;
    private readonly string _agentKey;

    private GuardedDesk(TempDirectory directory, FirebreakServerProcess server, BackendProcess backend, FirebreakClient operatorClient, HttpClient backendHttp, string agentKey)
    {
        _directory = directory;
        _server = server;
        _backend = backend;
        Operator = operatorClient;
        Backend = backendHttp;
        _agentKey = agentKey;
    }

    /// <summary>The server as an operator sees it.</summary>
    public FirebreakClient Operator { get; }

    /// <summary>The backend, for its counters.</summary>
    public HttpClient Backend { get; }

    public static async Task<GuardedDesk> StartAsync(int seedTickets, CancellationToken cancellationToken)
    {
        var directory = new TempDirectory();

        // The backend first: the server's compensators name it as {endpoint.supportdesk}.
        var backend = await BackendProcess.StartAsync(["--seed-tickets", seedTickets.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
        var server = await FirebreakServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                ["Firebreak:RegistryFile"] = Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "registry.json"),
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = directory.File("firebreak.db"),
                ["Firebreak:Compensation:Endpoints:supportdesk"] = backend.Address.ToString(),
            },
            cancellationToken);
        var operatorClient = FirebreakClient.Create(server.Address, OperatorKey);

        // The agent gets its own agent-scoped key, as in production: it can act and follow controls but never lift them.
        var agentKey = await operatorClient.CreateApiKeyAsync(new CreateApiKeyRequest("supportdesk-e2e", ApiKeyRole.Agent, AgentId), cancellationToken);
        return new GuardedDesk(directory, server, backend, operatorClient, backend.Client(), agentKey.Key);
    }

    /// <summary>Starts <c>SupportDesk.Agent process</c> under the guard, in the background.</summary>
    public GuardedAgent StartAgent(string behaviour, int tickets, int delayMs, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "--backend", _backend.Address.ToString(),
            "--firebreak", _server.Address.ToString(),
            "--api-key", _agentKey,
            "--agent-id", AgentId,
            "--behaviour", behaviour,
            "process", "--tickets", tickets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--delay-ms", delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        return new GuardedAgent((output, error) => Task.Run(() => AgentCli.RunAsync(args, output, error, cancellationToken), cancellationToken));
    }

    /// <summary>Polls the backend's counters until <paramref name="condition"/> holds; fails early if the agent exits.</summary>
    public async Task<Counters> WaitForCountersAsync(Func<Counters, bool> condition, GuardedAgent agent, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(60))
        {
            var counters = await Backend.CountersAsync(cancellationToken);
            if (condition(counters))
            {
                return counters;
            }

            if (agent.Run.IsCompleted)
            {
                throw new InvalidOperationException($"The agent exited early with {await agent.Run}:\n{agent.Output}\n{agent.Error}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"The backend counters did not reach the condition within 60 s:\n{agent.Output}\n{agent.Error}");
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
        Backend.Dispose();
        Operator.Dispose();
        await _backend.DisposeAsync();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [GeneratedRegex(@"enforcement point (\S+)")]
    private static partial Regex PointLine();
}
