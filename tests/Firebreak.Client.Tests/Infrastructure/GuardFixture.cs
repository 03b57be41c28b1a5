using System.Text.Json;
using Firebreak.Registry;

namespace Firebreak.Client.Tests.Infrastructure;

/// <summary>The support agent of the samples, and helpers to start a guard against a <see cref="FirebreakServer"/>.</summary>
internal static class GuardFixture
{
    public const string AgentId = "support";

    public static AgentDefinition Support { get; } = new(
        AgentId,
        "support-team",
        "Answers customers",
        [
            new ToolDefinition("lookup_order", RiskClass.Read),
            new ToolDefinition("issue_refund", RiskClass.Financial),
            new ToolDefinition("send_email", RiskClass.Message),
        ]);

    public static Task<AgentGuard> StartGuardAsync(FirebreakServer server, TimeProvider? time = null, Action<AgentGuardOptions>? configure = null, TimeSpan? approvalTimeout = null) =>
        StartGuardAsync(server.Url, server.AgentKey, time, configure, approvalTimeout);

    public static Task<AgentGuard> StartGuardAsync(
        Uri url, string agentKey, TimeProvider? time = null, Action<AgentGuardOptions>? configure = null, TimeSpan? approvalTimeout = null, HttpClient? http = null)
    {
        var options = new AgentGuardOptions
        {
            ServerUrl = url,
            HttpClient = http,
            ApiKey = agentKey,
            AgentId = AgentId,
            PointId = "support-test",
            Host = "test-host",
            Version = "1.0.0",
            TimeProvider = time ?? TimeProvider.System,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            RecordRetryDelay = TimeSpan.FromMilliseconds(50),
            ApprovalTimeout = approvalTimeout ?? TimeSpan.FromSeconds(45),
        };
        configure?.Invoke(options);
        return AgentGuard.StartAsync(options, TestContext.Current.CancellationToken);
    }

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static ToolCall Refund(string key, decimal amount = 10m) =>
        new("issue_refund", Json($$"""{"customer":"47","amount":{{amount}}}"""), key) { RunId = FirebreakServer.FixtureRunId, CorrelationId = "corr-1" };

    /// <summary>Polls <paramref name="condition"/> for up to 10 s, moving <paramref name="time"/> on by 50 ms between polls when given.</summary>
    public static Task EventuallyAsync(Func<bool> condition, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), time);

    /// <summary>Polls <paramref name="condition"/>, which may ask the server, for up to 10 s, moving <paramref name="time"/> on by 50 ms between polls when given.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            time?.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Fail("The condition did not hold within 10 s.");
    }
}
