using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Firebreak.Server.Tests.Auth;

/// <summary>
/// A flood of random bearer keys from one address, against the real server process: the failures are refused with 429
/// once the limit is reached, the process's memory stays bounded, and a valid key from the same address still works.
/// </summary>
public sealed class AuthFailureLimitAgainstServerProcessTests : IDisposable
{
    private const string OperatorKey = "fbk_auth_flood_operator";
    private const int FailureLimit = 20;
    private const int Requests = 10_000;
    private const int Concurrency = 16;

    // Generous: the cache and the limiter hold a few hundred bytes per entry; an unbounded cache of 10,000 misses,
    // their hashes and their strings would not fit under it on its own, but garbage and JIT growth comfortably do.
    private const long MaxGrowthBytes = 64L * 1024 * 1024;

    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TenThousandRandomKeys_EndIn429s_KeepTheProcessMemoryBounded_AndAValidKeyFromTheSameAddressStillWorks()
    {
        await using var server = await ServiceProcess.StartServerAsync(
            new Dictionary<string, string>
            {
                ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
                ["Firebreak:Auth:FailureLimit"] = FailureLimit.ToString(CultureInfo.InvariantCulture),
                // Longer than the run, so exactly one window is counted.
                ["Firebreak:Auth:FailureWindow"] = "00:30:00",
            },
            Ct);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var operatorClient = server.Client(OperatorKey);
        for (var i = 0; i < 200; i++)
        {
            using var warm = await operatorClient.GetAsync(new Uri("/api/v1/agents", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var before = ResidentBytes(server.ProcessId);
        var statuses = new int[Requests];
        string? retryAfter = null;
        JsonElement? problem = null;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Requests),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = Ct },
            async (i, cancellationToken) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/agents", UriKind.Relative));
                request.Headers.Authorization = new("Bearer", $"fbk_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}");
                using var response = await client.SendAsync(request, cancellationToken);
                statuses[i] = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.TooManyRequests && retryAfter is null)
                {
                    retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture);
                    problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
                }
            });
        var after = ResidentBytes(server.ProcessId);
        using var valid = await operatorClient.GetAsync(new Uri("/api/v1/agents", UriKind.Relative), Ct);
        using var anonymous = await client.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(FailureLimit, statuses.Count(s => s == 401));
        Assert.Equal(Requests - FailureLimit, statuses.Count(s => s == 429));
        Assert.All(statuses[^100..], s => Assert.Equal(429, s));
        Assert.NotNull(retryAfter);
        Assert.InRange(double.Parse(retryAfter, CultureInfo.InvariantCulture), 1, 1800);
        Assert.Equal(429, problem!.Value.GetProperty("status").GetInt32());
        Assert.True(after - before < MaxGrowthBytes, $"The resident set grew by {(after - before) / (1024 * 1024)} MiB over {Requests} failed keys.");
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    private static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
