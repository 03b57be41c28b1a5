using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Firebreak.Auth;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Incidents;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Durability;

/// <summary>
/// The durability promise, tested the hard way: concurrent writers post actions to a real server process, the
/// process is killed with SIGKILL mid-stream, restarted on the same store, and every action that was
/// acknowledged with a 2xx must be there; and a control change whose server dies while it waits for confirmations is
/// on its incident's timeline after the restart. Each backend subclasses this once.
/// </summary>
public abstract class KillNineDurability
{
    private const string Key = "fbk_durability_operator";
    private const int Writers = 16;

    private protected abstract Task<Dictionary<string, string>> StorageSettingsAsync();

    private async Task<Dictionary<string, string>> SettingsAsync()
    {
        var settings = await StorageSettingsAsync();
        settings["Firebreak:BootstrapOperatorKey"] = Key;
        settings["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry;
        return settings;
    }

    [Fact]
    public async Task EveryAcknowledgedAction_SurvivesKillNine_AndTheChainStillVerifies()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await SettingsAsync();

        var acknowledged = new ConcurrentBag<string>();
        var attempted = 0;
        await using (var server = await ServiceProcess.StartServerAsync(settings, ct))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(
                async () =>
                {
                    using var client = server.Client(Key);
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var key = $"w{w}-{i}";
                        Interlocked.Increment(ref attempted);
                        try
                        {
                            using var response = await client.PostAsync(
                                new Uri("/api/v1/actions", UriKind.Relative),
                                new StringContent(
                                    $$"""{"agentId":"support","idempotencyKey":"{{key}}","tool":"issue_refund","arguments":{"orderId":"{{key}}","amount":40},"outcome":"executed","entities":["customer:{{w}}"],"amount":40,"currency":"USD"}""",
                                    Encoding.UTF8,
                                    "application/json"),
                                stop.Token);
                            if (response.IsSuccessStatusCode)
                            {
                                acknowledged.Add(key);
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                        {
                            // The server died mid-request: this one was never acknowledged.
                        }
                    }
                },
                ct)).ToList();

            while (acknowledged.Count < 2_000)
            {
                await Task.Delay(20, ct);
            }

            await server.KillAsync(ct);
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var restarted = await ServiceProcess.StartServerAsync(settings, ct);
        using var reader = restarted.Client(Key);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        long? before = null;
        while (true)
        {
            var url = "/api/v1/actions?agent=support&limit=500" + (before is { } b ? $"&before={b}" : string.Empty);
            var page = await reader.GetFromJsonAsync<List<ActionRecord>>(new Uri(url, UriKind.Relative), FirebreakJson.Options, ct);
            if (page is null or { Count: 0 })
            {
                break;
            }

            stored.UnionWith(page.Select(a => a.IdempotencyKey));
            before = page[^1].Seq;
        }

        var lost = acknowledged.Where(k => !stored.Contains(k)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged actions were lost, e.g. {string.Join(", ", lost.Take(5))}");
        Assert.True(stored.Count >= acknowledged.Count);
        Assert.True(attempted > acknowledged.Count, "The kill should have interrupted requests in flight.");
        var verification = await reader.GetFromJsonAsync<LedgerVerification>(new Uri("/api/v1/ledger/verify", UriKind.Relative), FirebreakJson.Options, ct);
        Assert.True(verification!.Valid, verification.Reason);
        TestContext.Current.SendDiagnosticMessage($"acknowledged {acknowledged.Count}, stored {stored.Count}, attempted {attempted}");
    }

    [Fact]
    public async Task AKillWhoseServerDiesWhileItWaitsForConfirmations_IsOnTheIncidentTimelineAfterTheRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await SettingsAsync();

        string incidentId;
        string epoch;
        await using (var server = await ServiceProcess.StartServerAsync(settings, ct))
        {
            using var operatorClient = server.Client(Key);
            incidentId = await HttpJson.DeclareIncidentAsync(operatorClient);
            using var created = await operatorClient.PostAsJsonAsync(
                new Uri("/api/v1/keys", UriKind.Relative), new CreateApiKeyRequest("silent-point", ApiKeyRole.Agent, "support"), FirebreakJson.Options, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var agent = server.Client((await created.Content.ReadFromJsonAsync<CreatedApiKey>(FirebreakJson.Options, ct))!.Key);
            await using var point = await SseStream.OpenAsync(agent, TimelineWithTheActTests.SilentPointStream);
            await point.NextAsync("snapshot");

            var kill = TimelineWithTheActTests.PostKillAsync(operatorClient, incidentId, ct);
            epoch = (await point.NextAsync("snapshot")).Id!;
            await server.KillAsync(ct);

            await Assert.ThrowsAnyAsync<HttpRequestException>(() => kill);
        }

        await using var restarted = await ServiceProcess.StartServerAsync(settings, ct);
        using var reader = restarted.Client(Key);
        var change = Assert.Single(await TimelineWithTheActTests.TimelineAsync(reader, incidentId), e => e.Kind == TimelineKind.Control);
        Assert.Contains($"set killed on agent:support at epoch {epoch}: wrong refunds", change.Text, StringComparison.Ordinal);
    }
}
