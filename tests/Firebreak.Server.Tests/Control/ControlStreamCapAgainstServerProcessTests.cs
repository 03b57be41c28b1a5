using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Firebreak.Auth;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

/// <summary>
/// Control streams are capped per key and per node, against the real server process: one key cannot hold the node's
/// streams, and a stream that closes gives its slot back, so a reconnecting guard gets in again.
/// </summary>
public sealed class ControlStreamCapAgainstServerProcessTests : IDisposable
{
    private const string OperatorKey = "fbk_stream_cap_operator";

    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AKeyCannotHoldMoreStreamsThanItsCap_NorAllKeysMoreThanTheNodeCap_AndAClosedStreamFreesItsSlot()
    {
        await using var server = await ServiceProcess.StartServerAsync(
            new Dictionary<string, string>
            {
                ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                ["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry,
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
                ["Firebreak:Control:MaxStreamsPerKey"] = "2",
                ["Firebreak:Control:MaxStreams"] = "3",
            },
            Ct);
        using var operatorClient = server.Client(OperatorKey);
        using var agent = server.Client(await CreateKeyAsync(operatorClient, ApiKeyRole.Agent, "support"));
        using var viewer = server.Client(await CreateKeyAsync(operatorClient, ApiKeyRole.Viewer, null));

        var first = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=cap-1");
        await using var second = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=cap-2");
        using var overKeyCap = await TryOpenAsync(agent, "/api/v1/control/stream");
        await using var viewerStream = await SseStream.OpenAsync(viewer, "/api/v1/control/stream");
        using var overNodeCap = await TryOpenAsync(viewer, "/api/v1/control/stream");

        Assert.Equal(HttpStatusCode.TooManyRequests, overKeyCap.StatusCode);
        Assert.Equal("application/problem+json", overKeyCap.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(overKeyCap.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, overNodeCap.StatusCode);
        Assert.Equal("application/problem+json", overNodeCap.Content.Headers.ContentType?.MediaType);

        await first.DisposeAsync();
        await using var reconnected = await OpenWhenFreedAsync(agent, "/api/v1/control/stream?pointId=cap-1");
        Assert.Equal("snapshot", (await reconnected.NextAsync("snapshot")).Event);
    }

    private static async Task<HttpResponseMessage> TryOpenAsync(HttpClient client, string path) =>
        await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);

    // The server learns of the closed connection asynchronously; the slot must come back within a generous bound.
    private static async Task<SseStream> OpenWhenFreedAsync(HttpClient client, string path)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await SseStream.TryOpenAsync(client, path, HttpStatusCode.TooManyRequests) is { } stream)
            {
                return stream;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException("The closed stream's slot did not come back within 30 s.");
    }

    private static async Task<string> CreateKeyAsync(HttpClient operatorClient, ApiKeyRole role, string? agentId)
    {
        using var response = await operatorClient.PostAsJsonAsync(
            new Uri("/api/v1/keys", UriKind.Relative), new CreateApiKeyRequest($"cap-{role}-{agentId}", role, agentId), FirebreakJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>(FirebreakJson.Options, Ct))!.Key;
    }
}
