using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Firebreak.Benchmarks;

/// <summary>
/// A tool call through the MCP gateway against the same call made directly to the upstream: the same C# SDK client
/// type, the same upstream server (<c>@modelcontextprotocol/server-everything</c> over Streamable HTTP), in one run,
/// calls interleaved so both see the same machine noise. The Firebreak server runs in this process on real sockets.
/// </summary>
internal static class McpGatewayHarness
{
    private const string OperatorKey = "fbk_bench_operator_key";

    public static async Task<int> RunAsync(string serversDirectory, int calls)
    {
        var everything = Path.Combine(serversDirectory, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        if (!File.Exists(everything))
        {
            Console.Error.WriteLine($"server-everything is not installed: run `npm ci --prefix {serversDirectory}`.");
            return 1;
        }

        var directory = Path.Combine(Path.GetTempPath(), "firebreak-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var upstreamPort = FreePort();
        using var upstream = StartUpstream(everything, upstreamPort);
        try
        {
            var upstreamUrl = new Uri($"http://127.0.0.1:{upstreamPort}/mcp");
            await WaitForPortAsync(upstreamPort);
            var firebreakUrl = new Uri($"http://127.0.0.1:{FreePort()}");
            await using var app = BuildServer(firebreakUrl, Path.Combine(directory, "bench.db"));
            await app.StartAsync();
            var key = await RegisterAsync(firebreakUrl, upstreamUrl);

            await using var direct = await ConnectAsync(upstreamUrl, null);
            await using var gateway = await ConnectAsync(new Uri(firebreakUrl, "/mcp/bench"), key);
            await direct.ListToolsAsync();
            await gateway.ListToolsAsync();
            Console.WriteLine($"# MCP tool call: gateway vs direct, {calls} calls each after 200 warm-up, {Environment.ProcessorCount} cores");
            Console.WriteLine("| tool (risk) | path | p50 ms | p99 ms | gateway-reported overhead p50 ms | p99 ms |");
            Console.WriteLine("|---|---|---|---|---|---|");
            await MeasureAsync(direct, gateway, "echo", """{"message":"bench"}""", "read", calls);
            await MeasureAsync(direct, gateway, "get-sum", """{"a":2,"b":3}""", "write", calls);
            await app.StopAsync();
        }
        finally
        {
            upstream.Kill(entireProcessTree: true);
            await upstream.WaitForExitAsync();
        }

        return 0;
    }

    private static async Task MeasureAsync(McpClient direct, McpClient gateway, string tool, string argumentsJson, string risk, int calls)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        var directTimes = new List<double>(calls);
        var gatewayTimes = new List<double>(calls);
        var reported = new List<double>(calls);
        for (var i = -200; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var plain = await direct.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = arguments });
            var directMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            var proxied = await gateway.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = arguments });
            var gatewayMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (plain.IsError == true || proxied.IsError == true)
            {
                throw new InvalidOperationException($"{tool} failed: {JsonSerializer.Serialize(proxied.Content)}");
            }

            if (i >= 0)
            {
                directTimes.Add(directMs);
                gatewayTimes.Add(gatewayMs);
                reported.Add(proxied.Meta!["firebreak/gatewayOverheadMs"]!.GetValue<double>());
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {tool} ({risk}) | direct | {Percentile(directTimes, 0.50):0.00} | {Percentile(directTimes, 0.99):0.00} | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {tool} ({risk}) | gateway | {Percentile(gatewayTimes, 0.50):0.00} | {Percentile(gatewayTimes, 0.99):0.00} | {Percentile(reported, 0.50):0.000} | {Percentile(reported, 0.99):0.000} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {tool} ({risk}) | added (gateway − direct) | {Percentile(gatewayTimes, 0.50) - Percentile(directTimes, 0.50):0.00} | {Percentile(gatewayTimes, 0.99) - Percentile(directTimes, 0.99):0.00} | | |"));
    }

    private static WebApplication BuildServer(Uri url, string databasePath)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Firebreak:BootstrapOperatorKey"] = OperatorKey;
        builder.Configuration["Firebreak:Storage:Provider"] = "sqlite";
        builder.Configuration["Firebreak:Storage:ConnectionString"] = databasePath;
        builder.WebHost.UseUrls(url.ToString());
        builder.Services.AddFirebreak();
        var app = builder.Build();
        app.MapFirebreak();
        return app;
    }

    private static async Task<string> RegisterAsync(Uri firebreakUrl, Uri upstreamUrl)
    {
        using var client = new HttpClient { BaseAddress = firebreakUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", OperatorKey);
        var agent = new AgentDefinition("bench", "bench", null, [new ToolDefinition("echo", RiskClass.Read), new ToolDefinition("get-sum", RiskClass.Write)], Mcp: new McpGatewayDefinition([new McpUpstreamDefinition("everything", Url: upstreamUrl)]));
        (await client.PutAsJsonAsync(new Uri("/api/v1/agents/bench", UriKind.Relative), agent, FirebreakJson.Options)).EnsureSuccessStatusCode();
        var response = await client.PostAsJsonAsync(new Uri("/api/v1/keys", UriKind.Relative), new CreateApiKeyRequest("bench-mcp", ApiKeyRole.Agent, "bench"), FirebreakJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>(FirebreakJson.Options))!.Key;
    }

    private static Task<McpClient> ConnectAsync(Uri endpoint, string? key) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }));

    private static Process StartUpstream(string everything, int port)
    {
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(everything);
        start.ArgumentList.Add("streamableHttp");
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start server-everything.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPortAsync(int port)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(List<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
    }
}
