using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Approvals;
using Firebreak.Server.Control;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Firebreak.Server.Mcp;

/// <summary>
/// The MCP gateway of one agent: an enforcement point like the SDK's AgentGuard, inside the server. It follows this
/// node's control publication, acknowledges each epoch, decides every tool call with <see cref="ControlDecider"/>,
/// records it in the ledger (risky calls before they reach the upstream), and forwards allowed calls to the upstream
/// that serves the tool. Sessions are told when a control change hides or restores a tool, or the agent's resources and
/// prompts (McpAgentGateway.Context.cs).
/// </summary>
internal sealed partial class McpAgentGateway : IAsyncDisposable
{
    /// <summary>The <c>_meta</c> member of every proxied result: the milliseconds the gateway added to the call.</summary>
    public const string OverheadMeta = "firebreak/gatewayOverheadMs";

    /// <summary>The <c>_meta</c> member saying what the gateway did: executed, shadowed, blocked, denied or failed.</summary>
    public const string OutcomeMeta = "firebreak/outcome";

    private readonly AgentDefinition _initial;
    private readonly RegistryStore _registry;
    private readonly LedgerStore _ledger;
    private readonly ApprovalStore _approvals;
    private readonly ApprovalWaiters _waiters;
    private readonly EnforcementPoints _points;
    private readonly EnforcementPoint _point;
    private readonly TimeProvider _time;
    private readonly ControlOptions _options;
    private readonly ILogger _logger;
    private readonly ControlDecider _decider;
    private readonly IReadOnlyList<McpUpstream> _upstreams;
    private readonly McpPassthrough _passthrough;
    private readonly ControlSubscription _subscription;
    private readonly ConcurrentDictionary<McpServer, byte> _sessions = new();
    private readonly ConcurrentDictionary<InFlightCall, byte> _inFlight = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _catalogGate = new();
    private readonly Task _loop;
    private ControlSnapshot _snapshot;
    private AgentDefinition _agent;
    private GuardrailEvaluator _guardrails;
    private Task<IReadOnlyList<McpGatewayTool>>? _catalog;
    private long _renewedTicks;

    public McpAgentGateway(
        AgentDefinition agent,
        ControlPlane plane,
        ControlBroadcaster broadcaster,
        EnforcementPoints points,
        RegistryStore registry,
        LedgerStore ledger,
        ApprovalStore approvals,
        ApprovalWaiters waiters,
        ControlOptions options,
        McpUpstreamPolicy upstreamPolicy,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(agent.Mcp);
        _initial = agent;
        _agent = agent;
        _guardrails = GuardrailEvaluator.Compile(agent.Guardrails);
        _registry = registry;
        _ledger = ledger;
        _approvals = approvals;
        _waiters = waiters;
        _points = points;
        _time = time;
        _options = options;
        _logger = loggers.CreateLogger<McpAgentGateway>();
        _decider = new ControlDecider(new ControlDeciderOptions { UnknownToolRisk = agent.Mcp.EffectiveUnregisteredToolRisk });
        _upstreams = [.. agent.Mcp.Upstreams.Select(u => new McpUpstream(u, agent.Id, upstreamPolicy, time, loggers))];
        _passthrough = new McpPassthrough(_upstreams);
        PointId = $"{EnforcementPoints.GatewayPointPrefix}{agent.Id}@{Dns.GetHostName()}";

        // Subscribed before the current snapshot is read, so no epoch published in between is missed.
        _subscription = broadcaster.Subscribe(agent.Id);
        _snapshot = plane.Current;
        _point = points.ConnectGateway(PointId, agent.Id, Dns.GetHostName(), $"firebreak-mcp-gateway/{GatewayVersion.Value}");
        Renew();
        points.Acknowledge(_point, _snapshot.Epoch);
        _loop = Task.Run(() => FollowControlAsync(_stop.Token));
    }

    public string AgentId => _initial.Id;

    /// <summary>This gateway's enforcement point id, as operators see it in confirmations and <c>firebreak status</c>.</summary>
    public string PointId { get; }

    public IReadOnlyList<McpUpstream> Upstreams => _upstreams;

    /// <summary>Whether the agent's definition still declares the upstreams this gateway was built from; otherwise the hub builds a new one.</summary>
    public bool Serves(AgentDefinition agent) =>
        agent.Mcp is { } mcp
        && string.Equals(JsonSerializer.Serialize(mcp, FirebreakJson.Options), JsonSerializer.Serialize(_initial.Mcp, FirebreakJson.Options), StringComparison.Ordinal);

    public LeaseState LeaseState => LeaseAt(_time.GetUtcNow());

    /// <summary>Follows <paramref name="session"/> until it ends, to tell it when the tool list changes.</summary>
    public async Task RunSessionAsync(McpServer session, CancellationToken cancellationToken)
    {
        _sessions[session] = 0;
        try
        {
            await session.RunAsync(cancellationToken);
        }
        finally
        {
            _sessions.TryRemove(session, out _);
        }
    }

    /// <summary>Decides a call of <paramref name="tool"/> now, from the snapshot this point holds and its lease.</summary>
    public GuardDecision Decide(string tool)
    {
        var now = _time.GetUtcNow();
        var agent = Volatile.Read(ref _agent);
        return _decider.DecideToolCall(Volatile.Read(ref _snapshot), agent.Id, tool, agent.FindTool(tool), LeaseAt(now), now);
    }

    /// <summary>Every upstream tool, under the names the gateway offers them. Listed from the upstreams once, and again after a failed attempt.</summary>
    public async Task<IReadOnlyList<McpGatewayTool>> CatalogAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<McpGatewayTool>> catalog;
        lock (_catalogGate)
        {
            if (_catalog is null || _catalog.IsFaulted || _catalog.IsCanceled)
            {
                _catalog = LoadCatalogAsync(_stop.Token);
            }

            catalog = _catalog;
        }

        return await catalog.WaitAsync(cancellationToken);
    }

    /// <summary>The catalog as last listed from the upstreams, without listing (or starting) them; <see langword="null"/> before the first listing.</summary>
    public IReadOnlyList<McpGatewayTool>? KnownCatalog
    {
        get
        {
            lock (_catalogGate)
            {
                return _catalog is { IsCompletedSuccessfully: true } listed ? listed.Result : null;
            }
        }
    }

    /// <summary>How the gateway sees <paramref name="tool"/>: registered with its risk class, or unregistered with the agent's default.</summary>
    public McpToolInfo Describe(McpGatewayTool tool)
    {
        var registered = Volatile.Read(ref _agent).FindTool(tool.Name);
        return new McpToolInfo(tool.Name, tool.Upstream.Name, tool.UpstreamName, registered?.Risk ?? _decider.Options.UnknownToolRisk, registered is not null);
    }

    public async ValueTask<ListToolsResult> ListToolsAsync(CancellationToken cancellationToken)
    {
        var catalog = await CatalogAsync(cancellationToken);
        return new ListToolsResult { Tools = [.. catalog.Where(t => Decide(t.Name).Verdict != GuardVerdict.Block).Select(t => t.Definition)] };
    }

    public async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var call = request.Params ?? throw new McpProtocolException("tools/call needs params.", McpErrorCode.InvalidParams);
        var catalog = await CatalogAsync(cancellationToken);
        var tool = catalog.FirstOrDefault(t => string.Equals(t.Name, call.Name, StringComparison.Ordinal))
            ?? throw new McpProtocolException($"Unknown tool: {call.Name}", McpErrorCode.InvalidParams);
        var arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, JsonElement>(), FirebreakJson.Options);
        var context = McpCallContext.From(call.Meta, request.Server.SessionId, request.JsonRpcRequest.Id.ToString());
        var decision = Decide(tool.Name);
        var guardrails = ToolCallPipeline.InspectsArguments(decision) ? CheckArguments(tool, arguments) : GuardrailOutcome.Clean;
        var plan = ToolCallPipeline.Plan(decision, guardrails);
        switch (plan.Step)
        {
            case CallStep.Block:
                var hits = guardrails.Blocks ? JsonSerializer.SerializeToElement(new { guardrails = guardrails.Hits }, FirebreakJson.Options) : (JsonElement?)null;
                Background(_ledger.RecordActionAsync(Record(tool, arguments, context, ActionOutcome.Blocked, hits, null), CancellationToken.None));
                return Finish(WithHits(ErrorResult(plan.Message!), guardrails), "blocked", started, 0);
            case CallStep.Shadow:
                var simulated = JsonSerializer.SerializeToElement(new ShadowedResult(true, tool.Name, plan.Message!), FirebreakJson.Options);
                await _ledger.RecordActionAsync(Record(tool, arguments, context, ActionOutcome.Shadowed, simulated, null), cancellationToken);
                return Finish(new CallToolResult { Content = [new TextContentBlock { Text = simulated.GetRawText() }], StructuredContent = simulated }, "shadowed", started, 0);
            case CallStep.Execute:
                var (readResult, readMs) = await ForwardAsync(tool, call, cancellationToken);
                var (readShown, readWithheld) = CheckResult(tool, WithHits(readResult, guardrails));
                Background(_ledger.RecordActionAsync(Record(tool, arguments, context, readResult.IsError == true ? ActionOutcome.Failed : ActionOutcome.Executed, ToJson(readResult), readMs), CancellationToken.None));
                return Finish(readShown, readWithheld ? "blocked" : "executed", started, readMs);
            default:
                break;
        }

        // Registered before the approval wait, so a kill while a human decides ends the wait.
        using var flight = new InFlightCall(tool.Name, cancellationToken);
        _inFlight.TryAdd(flight, 0);
        try
        {
            if (plan.Step == CallStep.Approval)
            {
                plan = await AwaitApprovalAsync(tool, arguments, context, plan, flight.Token);
                switch (plan.Step)
                {
                    case CallStep.Deny:
                        Background(_ledger.RecordActionAsync(Record(tool, arguments, context, ActionOutcome.Denied, null, null), CancellationToken.None));
                        return Finish(ErrorResult(plan.Message!), "denied", started, 0);
                    case CallStep.Refuse:
                        return Finish(ErrorResult(plan.Message!), "blocked", started, 0);
                    case CallStep.Block:
                        Background(_ledger.RecordActionAsync(Record(tool, arguments, context, ActionOutcome.Blocked, null, null), CancellationToken.None));
                        return Finish(ErrorResult(plan.Message!), "blocked", started, 0);
                    default:
                        break;
                }
            }

            return await ExecuteRiskyAsync(tool, call, arguments, context, plan, guardrails, started, flight, cancellationToken);
        }
        catch (OperationCanceledException) when (flight.KilledBy is { } kill && !cancellationToken.IsCancellationRequested)
        {
            Background(_ledger.RecordActionAsync(Record(tool, arguments, context, ActionOutcome.Blocked, null, null), CancellationToken.None));
            return Finish(ErrorResult(kill.Message!), "blocked", started, 0);
        }
        finally
        {
            _inFlight.TryRemove(flight, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _subscription.Dispose();
        _point.Disconnect();
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>Records the call pending, decides it again, forwards it and completes it (<see cref="ToolCallPipeline.AfterRecord"/>).</summary>
    private async Task<CallToolResult> ExecuteRiskyAsync(
        McpGatewayTool tool,
        CallToolRequestParams call,
        JsonElement arguments,
        McpCallContext context,
        CallPlan plan,
        GuardrailOutcome guardrails,
        long started,
        InFlightCall flight,
        CancellationToken cancellationToken)
    {
        // Written under the caller's token, not the call's: a kill must not leave a half-written record behind, and the
        // decision made again below stops the call.
        var recorded = await _ledger.RecordActionAsync(Record(tool, arguments, context, ActionOutcome.Pending, null, null), cancellationToken);
        plan = recorded.Status switch
        {
            WriteStatus.Created => ToolCallPipeline.AfterRecord(plan, context.IdempotencyKey, null, Decide(tool.Name)),
            WriteStatus.Existing => ToolCallPipeline.AfterRecord(plan, context.IdempotencyKey, recorded.Value!.Outcome, Decide(tool.Name)),
            WriteStatus.Conflict => ToolCallPipeline.ReusedKey(plan, context.IdempotencyKey),
            _ => ToolCallPipeline.Unrecorded(plan, recorded.Detail!),
        };
        switch (plan.Step)
        {
            case CallStep.Refuse:
                return Finish(ErrorResult(plan.Message!), "blocked", started, 0);
            case CallStep.Block when recorded.Status == WriteStatus.Created:
                Background(_ledger.CompleteActionAsync(new CompleteActionRequest(AgentId, context.IdempotencyKey, ActionOutcome.Blocked, Error: plan.Message), CancellationToken.None));
                return Finish(ErrorResult(plan.Message!), "blocked", started, 0);
            case CallStep.Block:
                return Finish(ErrorResult(plan.Message!), "blocked", started, 0);
            default:
                break;
        }

        CallToolResult result;
        long upstreamMs;
        try
        {
            (result, upstreamMs) = await ForwardAsync(tool, call, flight.Token);
        }
        catch (OperationCanceledException) when (flight.KilledBy is { } kill && !cancellationToken.IsCancellationRequested)
        {
            var stopped = ToolCallPipeline.StoppedWhileRunning(kill);
            Background(_ledger.CompleteActionAsync(new CompleteActionRequest(AgentId, context.IdempotencyKey, ActionOutcome.Blocked, Error: stopped), CancellationToken.None));
            return Finish(ErrorResult(stopped), "blocked", started, 0);
        }

        var outcome = result.IsError == true ? ActionOutcome.Failed : ActionOutcome.Executed;
        var (shown, withheld) = CheckResult(tool, WithHits(result, guardrails));
        Background(_ledger.CompleteActionAsync(
            new CompleteActionRequest(AgentId, context.IdempotencyKey, outcome, Traced(ToJson(result)), outcome == ActionOutcome.Failed ? ErrorText(result) : null, upstreamMs),
            CancellationToken.None));
        return Finish(shown, withheld ? "blocked" : outcome == ActionOutcome.Failed ? "failed" : "executed", started, upstreamMs);
    }

    /// <summary>Asks for a human's approval of these exact arguments and waits for it; returns the next step (<see cref="ToolCallPipeline.AfterApproval"/>).</summary>
    private async Task<CallPlan> AwaitApprovalAsync(McpGatewayTool tool, JsonElement arguments, McpCallContext context, CallPlan plan, CancellationToken cancellationToken)
    {
        var created = await _approvals.CreateAsync(
            new ApprovalRequest(AgentId, tool.Name, arguments, context.IdempotencyKey, plan.Decision.ControlEpoch),
            _options.ApprovalTimeout,
            cancellationToken);
        if (created.Value is not { } approval)
        {
            return created.Status == WriteStatus.Conflict ? ToolCallPipeline.ReusedKey(plan, context.IdempotencyKey) : ToolCallPipeline.Unrecorded(plan, created.Detail!);
        }

        var deadline = _time.GetUtcNow() + _options.ApprovalTimeout;
        while (approval.Status == ApprovalStatus.Pending)
        {
            var remaining = (approval.ExpiresAt < deadline ? approval.ExpiresAt : deadline) - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            await _waiters.WaitAsync(approval.Id, remaining, cancellationToken);
            approval = await _approvals.GetAsync(approval.Id, cancellationToken) ?? approval;
        }

        return ToolCallPipeline.AfterApproval(plan, approval, CanonicalJson.Digest(arguments), Decide(tool.Name), _time.GetUtcNow());
    }

    private async Task<(CallToolResult Result, long UpstreamMs)> ForwardAsync(McpGatewayTool tool, CallToolRequestParams call, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var client = await tool.Upstream.GetClientAsync(cancellationToken);
            var forwarded = new CallToolRequestParams { Name = tool.UpstreamName, Arguments = call.Arguments, Meta = call.Meta?.DeepClone().AsObject() };
            var result = await client.CallToolAsync(forwarded, cancellationToken);
            return (result, ElapsedMs(started));
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or McpException or ObjectDisposedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUpstreamFailed(_logger, e, tool.Upstream.Name, AgentId, tool.Name);
            return (ErrorResult($"Tool {tool.Name} failed: its MCP server ({tool.Upstream.Name}) is unavailable ({e.Message})."), ElapsedMs(started));
        }
    }

    private CallToolResult Finish(CallToolResult result, string outcome, long started, long upstreamMs)
    {
        var total = _time.GetElapsedTime(started).TotalMilliseconds;
        result.Meta ??= [];
        result.Meta[OverheadMeta] = Math.Max(0, Math.Round(total - upstreamMs, 3));
        result.Meta[OutcomeMeta] = outcome;
        return result;
    }

    private RecordActionRequest Record(McpGatewayTool tool, JsonElement arguments, McpCallContext context, ActionOutcome outcome, JsonElement? result, long? durationMs) =>
        new(AgentId, context.IdempotencyKey, tool.Name, Traced(arguments), outcome, Result: Traced(result), CorrelationId: context.CorrelationId, DurationMs: durationMs);

    private static CallToolResult ErrorResult(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    private static string? ErrorText(CallToolResult result) =>
        result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text is { } text && text.Length > 2000 ? text[..2000] : result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;

    private static JsonElement ToJson(CallToolResult result) => JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions);

    private long ElapsedMs(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;

    private void Background<T>(Task<WriteResult<T>> write) =>
        write.ContinueWith(
            t => LogRecordFailed(_logger, t.Exception, AgentId),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

    private async Task<IReadOnlyList<McpGatewayTool>> LoadCatalogAsync(CancellationToken cancellationToken)
    {
        var listed = new List<(McpUpstream Upstream, Tool Tool)>();
        foreach (var upstream in _upstreams)
        {
            var client = await upstream.GetClientAsync(cancellationToken);
            var tools = new List<Tool>();
            string? cursor = null;
            do
            {
                var page = await client.ListToolsAsync(new ListToolsRequestParams { Cursor = cursor }, cancellationToken);
                tools.AddRange(page.Tools);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            upstream.RememberTools(client, tools);
            listed.AddRange(tools.Select(t => (upstream, t)));
        }

        var shared = listed.GroupBy(t => t.Tool.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return [.. listed.Select(t =>
        {
            var name = shared.Contains(t.Tool.Name) ? $"{t.Upstream.Name}.{t.Tool.Name}" : t.Tool.Name;
            var definition = JsonSerializer.Deserialize<Tool>(JsonSerializer.SerializeToUtf8Bytes(t.Tool, McpJsonUtilities.DefaultOptions), McpJsonUtilities.DefaultOptions)!;
            definition.Name = name;
            return new McpGatewayTool(name, t.Upstream, t.Tool.Name, definition);
        })];
    }

    private async Task FollowControlAsync(CancellationToken cancellationToken)
    {
        using var heartbeat = new PeriodicTimer(_options.HeartbeatInterval, _time);
        var tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
        var message = _subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
        try
        {
            while (true)
            {
                if (await Task.WhenAny(tick, message) == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    Renew();
                    tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                if (!await message)
                {
                    return;
                }

                while (_subscription.Reader.TryRead(out var next))
                {
                    if (next.Snapshot is { } snapshot && snapshot.Epoch > Volatile.Read(ref _snapshot).Epoch)
                    {
                        await ApplyAsync(snapshot, cancellationToken);
                    }
                }

                message = _subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task ApplyAsync(ControlSnapshot snapshot, CancellationToken cancellationToken)
    {
        var catalog = _catalog is { IsCompletedSuccessfully: true } loaded ? loaded.Result : null;
        var visibleBefore = catalog is null ? null : Visible(catalog);
        var resourcesBefore = DecideContextRead(ResourcesChannel).IsExecute;
        var promptsBefore = DecideContextRead(PromptsChannel).IsExecute;
        if (await _registry.GetAsync(AgentId, cancellationToken) is { } agent)
        {
            Volatile.Write(ref _guardrails, GuardrailEvaluator.Compile(agent.Guardrails));
            Volatile.Write(ref _agent, agent);
        }

        Volatile.Write(ref _snapshot, snapshot);
        Renew();
        foreach (var flight in _inFlight.Keys)
        {
            if (Decide(flight.Tool) is { Verdict: GuardVerdict.Block } kill)
            {
                flight.Kill(kill);
            }
        }

        _points.Acknowledge(_point, snapshot.Epoch);
        if (catalog is not null && !Visible(catalog).SetEquals(visibleBefore!))
        {
            await NotifyAsync(NotificationMethods.ToolListChangedNotification, cancellationToken);
        }

        if (DecideContextRead(ResourcesChannel).IsExecute != resourcesBefore)
        {
            await NotifyAsync(NotificationMethods.ResourceListChangedNotification, cancellationToken);
        }

        if (DecideContextRead(PromptsChannel).IsExecute != promptsBefore)
        {
            await NotifyAsync(NotificationMethods.PromptListChangedNotification, cancellationToken);
        }
    }

    private async Task NotifyAsync(string method, CancellationToken cancellationToken)
    {
        foreach (var session in _sessions.Keys)
        {
            try
            {
                await session.SendNotificationAsync(method, cancellationToken);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or McpException)
            {
                LogNotifyFailed(_logger, e, AgentId, method);
            }
        }
    }

    private HashSet<string> Visible(IReadOnlyList<McpGatewayTool> catalog) =>
        catalog.Where(t => Decide(t.Name).Verdict != GuardVerdict.Block).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    private void Renew()
    {
        var now = _time.GetUtcNow();
        Volatile.Write(ref _renewedTicks, now.UtcTicks);
        _point.Seen(now);
    }

    private LeaseState LeaseAt(DateTimeOffset now) =>
        Lease.Evaluate(new DateTimeOffset(Volatile.Read(ref _renewedTicks), TimeSpan.Zero), _options.LeaseTtl, now);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP upstream {Upstream} of agent {AgentId} failed a call of {Tool}")]
    private static partial void LogUpstreamFailed(ILogger logger, Exception exception, string upstream, string agentId, string tool);

    [LoggerMessage(Level = LogLevel.Error, Message = "The MCP gateway of agent {AgentId} could not record a call in the ledger")]
    private static partial void LogRecordFailed(ILogger logger, Exception? exception, string agentId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An MCP session of agent {AgentId} could not be sent {Notification}")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, string agentId, string notification);
}
