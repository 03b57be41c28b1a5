using Firebreak.Registry;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Firebreak.Server.Mcp;

/// <summary>
/// The gateway's connection to one upstream MCP server. Connects on first use (a stdio upstream's process starts
/// then), reconnects after the server exits or drops the connection, waiting longer after each failure in a row,
/// and closes on dispose (a stdio upstream's process is stopped). A stdio upstream starts only when <see cref="McpUpstreamPolicy"/>
/// permits its command, with a minimal environment and none of the server's settings.
/// </summary>
internal sealed partial class McpUpstream(McpUpstreamDefinition definition, string agentId, McpUpstreamPolicy policy, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    /// <summary>A connection that lived this long counts as healthy: the next failure starts the backoff over.</summary>
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = loggers.CreateLogger<McpUpstream>();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task<McpClient>? _connection;
    private IReadOnlyList<Tool> _knownTools = [];
    private int _failures;
    private int _starts;

    public McpUpstreamDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    /// <summary>How many times a connection was opened (a stdio upstream's process started); a restart counts again.</summary>
    public int Starts => Volatile.Read(ref _starts);

    /// <summary>Where the connection stands, without starting it.</summary>
    public McpUpstreamState State
    {
        get
        {
            lock (_gate)
            {
                return _connection switch
                {
                    null => McpUpstreamState.NotStarted,
                    { IsCompletedSuccessfully: true } => McpUpstreamState.Running,
                    { IsCompleted: true } => McpUpstreamState.Unavailable,
                    _ => McpUpstreamState.Starting,
                };
            }
        }
    }

    /// <summary>The live client, connecting first when there is none; a reconnection in progress is awaited.</summary>
    public Task<McpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                var delay = _connection is null ? TimeSpan.Zero : Backoff(_failures);
                _connection = ConnectAsync(delay);
            }

            return _connection.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Keeps the upstream's tool definitions on its client, now and after each reconnection, so the client sends the
    /// headers they declare on each call rather than warning that it does not know the tool.
    /// </summary>
    public void RememberTools(McpClient client, IReadOnlyList<Tool> tools)
    {
        Volatile.Write(ref _knownTools, tools);
        client.AddKnownTools(tools);
    }

    public async ValueTask DisposeAsync()
    {
        Task<McpClient>? connection;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            connection = _connection;
        }

        if (connection is not null)
        {
            try
            {
                await (await connection).DisposeAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or HttpRequestException or ModelContextProtocol.McpException)
            {
                // Never connected: nothing to stop.
            }
        }

        _stop.Dispose();
    }

    private static TimeSpan Backoff(int failures) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));

    private async Task<McpClient> ConnectAsync(TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, _stop.Token);
        }

        McpClient client;
        try
        {
            client = await McpClient.CreateAsync(CreateTransport(), new McpClientOptions { ClientInfo = new() { Name = "firebreak-mcp-gateway", Version = GatewayVersion.Value } }, loggers, _stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            LogConnectFailed(_logger, e, Name, agentId);
            throw;
        }

        client.AddKnownTools(Volatile.Read(ref _knownTools));
        Interlocked.Increment(ref _starts);
        LogConnected(_logger, Name, agentId);
        _ = WatchAsync(client, time.GetTimestamp());
        return client;
    }

    /// <summary>When the upstream goes away, drops the client and reconnects in the background after the backoff.</summary>
    private async Task WatchAsync(McpClient client, long connectedAt)
    {
        await ((Task)client.Completion).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        if (time.GetElapsedTime(connectedAt) >= StableAfter)
        {
            Interlocked.Exchange(ref _failures, 0);
        }

        var failures = Interlocked.Increment(ref _failures);
        LogLost(_logger, Name, agentId, Backoff(failures).TotalMilliseconds);
        await client.DisposeAsync();
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            var reconnect = ConnectAsync(Backoff(failures));
            _connection = reconnect;
            reconnect.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private IClientTransport CreateTransport()
    {
        if (Definition.Url is { } url)
        {
            return new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = url, TransportMode = HttpTransportMode.StreamableHttp, Name = Name },
                policy.CreateHttpClient(),
                loggers,
                ownsHttpClient: true);
        }

        if (!policy.Permits(agentId, Definition))
        {
            throw new InvalidOperationException(
                $"MCP upstream '{Name}' of agent '{agentId}' was not started: this server neither declares '{Definition.Command}' so in its registry file nor allows it in Firebreak:Mcp:AllowedCommands.");
        }

        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Command = Definition.Command!,
                Arguments = [.. Definition.Args ?? []],
                Name = Name,
                EnvironmentVariables = McpUpstreamPolicy.EnvironmentFor(Definition),
            },
            loggers);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP upstream {Upstream} of agent {AgentId} connected")]
    private static partial void LogConnected(ILogger logger, string upstream, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP upstream {Upstream} of agent {AgentId} could not be reached")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, string upstream, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP upstream {Upstream} of agent {AgentId} went away; reconnecting in {DelayMs} ms")]
    private static partial void LogLost(ILogger logger, string upstream, string agentId, double delayMs);
}
