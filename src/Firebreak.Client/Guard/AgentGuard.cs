using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Held;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Releases;
using Firebreak.Serialization;

namespace Firebreak.Client;

/// <summary>
/// The enforcement point of one agent inside its process. It follows the control stream, decides every tool call
/// locally with <see cref="ControlDecider"/> from the last pushed snapshot, records actions in the ledger (risky ones
/// before they run), and cancels calls a kill reaches. Start it with <see cref="StartAsync"/>; dispose it to flush records.
/// </summary>
/// <remarks>
/// The control plane is on the path of an allowed call only to record it. When no stream event arrived for the
/// lease time to live, the lease is stale and tools that fail closed (risky tools by default) are blocked.
/// Thread-safe: decisions read an immutable snapshot swapped atomically.
/// </remarks>
public sealed partial class AgentGuard : IAsyncDisposable, IControlStreamListener
{
    private readonly AgentGuardOptions _options;
    private readonly FirebreakClient _client;
    private readonly HttpClient? _ownedHttp;
    private readonly TimeProvider _time;
    private readonly ControlDecider _decider;
    private readonly ActionOutbox _outbox;
    private readonly FrozenDictionary<string, Func<ToolCall, JsonElement>> _shadowResults;
    private readonly FrozenDictionary<string, Func<JsonElement, ActionDetails>> _actionDetails;
    private readonly ConcurrentDictionary<InFlightCall, byte> _inFlight = new();

    // Runs started while the server was unreachable, until the outbox has recorded their start.
    private readonly ConcurrentDictionary<string, byte> _unrecordedRuns = new(StringComparer.Ordinal);
    private readonly Channel<HeldItem> _redelivered = Channel.CreateUnbounded<HeldItem>();
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _streamTask;
    private GuardState _state = GuardState.Empty;
    private long _leaseRenewedTicks;
    private long _leaseTtlTicks = TimeSpan.FromSeconds(5).Ticks;
    private int _killed;

    private AgentGuard(AgentGuardOptions options, string pointId)
    {
        _options = options;
        PointId = pointId;
        _time = options.TimeProvider;
        _decider = new ControlDecider(options.Decider);
        _shadowResults = options.ShadowResults.ToFrozenDictionary(StringComparer.Ordinal);
        _actionDetails = options.ActionDetails.ToFrozenDictionary(StringComparer.Ordinal);
        if (options.ServerUrls is { Count: > 0 } nodes)
        {
            _ownedHttp = options.HttpClient is null ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan } : null;
            _client = new FirebreakClient(options.HttpClient ?? _ownedHttp!, nodes, options.ApiKey);
        }
        else if (options.HttpClient is { } http)
        {
            _client = new FirebreakClient(http, options.ApiKey);
        }
        else
        {
            _ownedHttp = new HttpClient { BaseAddress = options.ServerUrl, Timeout = Timeout.InfiniteTimeSpan };
            _client = new FirebreakClient(_ownedHttp, options.ApiKey);
        }

        _outbox = new ActionOutbox(_time, options.RecordRetryDelay, options.FlushTimeout);
        Compensators = new CompensatorRegistry(_client, options.AgentId, options.CompensationPollInterval, _time);
        var subscription = new ControlStreamSubscription(_client, options, pointId, this);
        _streamTask = Task.Run(() => subscription.RunAsync(_stop.Token));
    }

    /// <summary>The in-process compensators this process runs for the agent's tools when a compensation run dispatches them.</summary>
    public CompensatorRegistry Compensators { get; }

    /// <summary>Raised when a snapshot kills the agent, so the agent can end its current run with status <see cref="RunStatus.Killed"/>.</summary>
    public event EventHandler<RunKilledEventArgs>? RunKilled;

    /// <summary>
    /// Raised when a call is blocked (killed, revoked, in fallback, failed closed on a stale lease, refused as a replay,
    /// or not recordable), before <see cref="ExecuteAsync{T}"/> throws, so the agent can log what Firebreak stopped.
    /// </summary>
    public event EventHandler<ToolBlockedEventArgs>? CallBlocked;

    /// <summary>The agent this guard enforces controls for.</summary>
    public string AgentId => _options.AgentId;

    /// <summary>This enforcement point's id, as operators see it in confirmations.</summary>
    public string PointId { get; }

    /// <summary>The API client the guard uses, for calls it does not wrap (run steps, run end).</summary>
    public FirebreakClient Client => _client;

    /// <summary>The epoch of the snapshot in force.</summary>
    public long Epoch => Volatile.Read(ref _state).Snapshot.Epoch;

    /// <summary>Whether the agent is at the strict policy level as the control stream last delivered it: its guardrails then block what they would only flag.</summary>
    public bool IsStrict => Volatile.Read(ref _state).Snapshot.IsStrict(_options.AgentId);

    /// <summary>
    /// The agent's release routing as the control stream last delivered it: the active release and any candidate of a
    /// gradual restore. <see langword="null"/> before the agent's first activation. A rollback changes it without a redeploy.
    /// </summary>
    public ReleaseRouting? Releases => Volatile.Read(ref _state).Snapshot.ReleaseOf(_options.AgentId);

    /// <summary>The active release id, or <see langword="null"/> before the agent's first activation.</summary>
    public string? ActiveReleaseId => Releases?.ActiveReleaseId;

    /// <summary>Whether the agent is killed under the snapshot in force: new runs do not start and every call is blocked.</summary>
    public bool IsKilled => Volatile.Read(ref _killed) != 0;

    /// <summary>Whether the lease is fresh now; when not, risky tools fail closed.</summary>
    public LeaseState LeaseState => LeaseAt(_time.GetUtcNow());

    /// <summary>
    /// Creates a guard, opens its control stream and waits for the first snapshot (at most
    /// <see cref="AgentGuardOptions.StartTimeout"/>; after that it runs with a stale lease until the stream connects).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid: no agent id, or no server URL.</exception>
    public static async Task<AgentGuard> StartAsync(AgentGuardOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!AgentValidator.IsSlug(options.AgentId))
        {
            throw new ArgumentException($"AgentId '{options.AgentId}' is not an agent id (slug).", nameof(options));
        }

        if (options.ServerUrls is { Count: > 0 } nodes)
        {
            if (nodes.Any(url => url is not { IsAbsoluteUri: true }))
            {
                throw new ArgumentException("Every one of ServerUrls must be an absolute URL, such as http://127.0.0.1:5080.", nameof(options));
            }
        }
        else if (options.HttpClient?.BaseAddress is null && options.ServerUrl is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("Set ServerUrl to the Firebreak server URL (such as http://127.0.0.1:5080), or ServerUrls to the nodes of a cluster, or pass an HttpClient with a BaseAddress.", nameof(options));
        }

        var pointId = options.PointId ?? $"{options.AgentId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var guard = new AgentGuard(options, pointId);
        try
        {
            await guard._firstSnapshot.Task.WaitAsync(options.StartTimeout, guard._time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Starting stale is safe: risky tools fail closed until a snapshot arrives.
        }

        return guard;
    }

    /// <summary>Decides a call of <paramref name="tool"/> now, without running or recording anything. Allocates nothing when the call may execute.</summary>
    public GuardDecision Decide(string tool)
    {
        var state = Volatile.Read(ref _state);
        var now = _time.GetUtcNow();
        state.Tools.TryGetValue(tool, out var definition);
        return _decider.DecideToolCall(state.Snapshot, _options.AgentId, tool, definition, LeaseAt(now), now);
    }

    /// <summary>
    /// Runs <paramref name="effect"/> as <paramref name="call"/> if the controls in force allow it, and records it.
    /// Risky tools are recorded <c>pending</c> (and the server has acknowledged) before the effect runs, then completed;
    /// read tools are recorded after. In shadow mode the effect does not run and a simulated result is returned;
    /// under approval the call waits for a human and then runs once under the same idempotency key.
    /// </summary>
    /// <param name="call">The call.</param>
    /// <param name="effect">The tool's side effect; its token is cancelled when a kill reaches the call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ToolBlockedException">The call is blocked, was killed before or while it ran, or could not be recorded.</exception>
    /// <exception cref="ToolDeniedException">The approval was denied, expired or timed out.</exception>
    public async Task<GuardedResult<T>> ExecuteAsync<T>(ToolCall call, Func<CancellationToken, Task<T>> effect, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(effect);
        ArgumentException.ThrowIfNullOrEmpty(call.IdempotencyKey);
        var decision = Decide(call.Tool);
        var details = Details(call);
        var guardrails = ToolCallPipeline.InspectsArguments(decision) ? CheckArguments(call) : GuardrailOutcome.Clean;
        var plan = ToolCallPipeline.Plan(decision, guardrails);
        switch (plan.Step)
        {
            case CallStep.Block when guardrails.Blocks:
                throw BlockByGuardrails(call, details, plan, guardrails);
            case CallStep.Block:
                throw Block(call, details, plan);
            case CallStep.Shadow:
                return await ShadowAsync<T>(call, details, plan, cancellationToken);
            case CallStep.Execute:
                var readStarted = _time.GetTimestamp();
                var readValue = await effect(cancellationToken);
                var readResult = ToJson(readValue);
                var readRecord = Record(call, details, ActionOutcome.Executed, readResult, Elapsed(readStarted));
                _outbox.Enqueue(token => _client.RecordActionAsync(readRecord, token));
                CheckResult(call, decision, readResult);
                return new GuardedResult<T>(readValue, shadowed: false, default);
            default:
                break;
        }

        // Registered before anything is asked or recorded, so a kill from here on cancels the call; one swapped in
        // before the registration is caught by the decision made again once the call is recorded.
        using var flight = new InFlightCall(call.Tool, cancellationToken);
        _inFlight.TryAdd(flight, 0);
        try
        {
            if (call.RunId is { } runId && _unrecordedRuns.ContainsKey(runId))
            {
                throw Block(call, details, plan with
                {
                    Step = CallStep.Block,
                    Message = $"Tool {call.Tool} is blocked: run {runId} started while the Firebreak control plane was unreachable and is not recorded yet, so its actions cannot be recorded before they run.",
                });
            }

            if (plan.Step == CallStep.Approval)
            {
                plan = await AwaitApprovalAsync(call, details, plan, flight.Token);
            }

            return await ExecuteRiskyAsync(call, details, plan, effect, flight, cancellationToken);
        }
        catch (OperationCanceledException e) when (flight.KilledBy is { } kill && !cancellationToken.IsCancellationRequested)
        {
            throw Block(call, details, new CallPlan(CallStep.Block, kill, kill.Message), e);
        }
        finally
        {
            _inFlight.TryRemove(flight, out _);
        }
    }

    /// <summary>
    /// Decides whether a new run starts (<see cref="ControlDecider.DecideRunStart"/>): starts it (<c>POST /api/v1/runs</c>),
    /// holds its input when the agent is paused (<c>POST /api/v1/held</c>), serves the fallback the agent declares in the
    /// registry when it is in fallback (a static response, a human handoff that holds the input, or a run with read
    /// tools only), or tells the caller not to run. The run carries the W3C <c>traceparent</c> of <see cref="Activity.Current"/>.
    /// When the server cannot be reached the run still starts, unrecorded (<see cref="RunStartDecision.Recorded"/>):
    /// its start is queued, its read tools run, and its risky tools fail closed.
    /// </summary>
    /// <param name="input">The run's input.</param>
    /// <param name="correlationId">The correlation id; the server assigns one when <see langword="null"/>.</param>
    /// <param name="routingKey">
    /// What decides the run's release during a gradual restore (<see cref="ReleaseRouting.ReleaseFor"/>), such as the
    /// customer id, so one customer stays on one release; <paramref name="correlationId"/> when <see langword="null"/>.
    /// The run records the release it got, and so do its actions.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<RunStartDecision> StartRunAsync(JsonElement input, string? correlationId = null, string? routingKey = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var state = Volatile.Read(ref _state);
        var decision = ControlDecider.DecideRunStart(state.Snapshot, _options.AgentId, now);
        switch (RunStartPipeline.Plan(decision, state.Fallback))
        {
            case RunStartStep.Start:
                return await StartRecordedRunAsync(decision, input, correlationId, routingKey, fallback: null, cancellationToken);
            case RunStartStep.Hold:
                var held = await _client.HoldAsync(new HeldItemRequest(_options.AgentId, input, decision.Message!, correlationId), cancellationToken);
                return new RunStartDecision(RunStartOutcome.Held, decision, HeldItem: held);
            case RunStartStep.StartReadOnly:
                return await StartRecordedRunAsync(decision, input, correlationId, routingKey, state.Fallback, cancellationToken);
            case RunStartStep.HandOff:
                var reason = RunStartPipeline.HandOffReason(decision, state.Fallback);
                var handedOff = await _client.HoldAsync(new HeldItemRequest(_options.AgentId, input, reason, correlationId), cancellationToken);
                return new RunStartDecision(RunStartOutcome.Fallback, decision, HeldItem: handedOff, Fallback: state.Fallback);
            case RunStartStep.ServeFallback:
                return new RunStartDecision(RunStartOutcome.Fallback, decision, Fallback: state.Fallback);
            default:
                return new RunStartDecision(RunStartOutcome.Killed, decision);
        }
    }

    /// <summary>
    /// Ends a run (<c>POST /api/v1/runs/{id}/end</c>). When the server cannot be reached, or the run's start is still
    /// queued, the end is queued behind it and sent when the server is back.
    /// </summary>
    public async Task EndRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(request);
        if (!_unrecordedRuns.ContainsKey(runId))
        {
            try
            {
                await _client.EndRunAsync(runId, request, cancellationToken);
                return;
            }
            catch (Exception e) when (IsUnreachable(e, cancellationToken))
            {
                // Queued below: the run's end is part of its trace.
            }
        }

        _outbox.Enqueue(t => _client.EndRunAsync(runId, request, t));
    }

    /// <summary>
    /// Held inputs an operator released for this agent, each claimed for this point (<c>POST /api/v1/held/{id}/delivered</c>)
    /// before it is yielded, so it is processed once across the agent's points. Start a run for each.
    /// </summary>
    public async IAsyncEnumerable<HeldItem> ReadRedeliveredAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _redelivered.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                await _client.MarkHeldDeliveredAsync(item.Id, new HeldDeliveryRequest(PointId), cancellationToken);
            }
            catch (FirebreakApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                continue;
            }

            yield return item;
        }
    }

    /// <summary>Closes the control stream and flushes queued records (at most <see cref="AgentGuardOptions.FlushTimeout"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _streamTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Compensators.DisposeAsync();
        await _outbox.DisposeAsync();
        _redelivered.Writer.TryComplete();
        _client.Dispose();
        _ownedHttp?.Dispose();
        _stop.Dispose();
    }

    void IControlStreamListener.OnSnapshot(ControlSnapshotEvent snapshot)
    {
        if (snapshot.LeaseTtlMs > 0)
        {
            Volatile.Write(ref _leaseTtlTicks, TimeSpan.FromMilliseconds(snapshot.LeaseTtlMs).Ticks);
        }

        Volatile.Write(ref _state, GuardState.From(snapshot, _options.AgentId));
        Renew();
        _firstSnapshot.TrySetResult();

        // The kill state is set before in-flight calls are cancelled, so a call that ends because of the kill sees it.
        var runStart = ControlDecider.DecideRunStart(snapshot.Snapshot, _options.AgentId, _time.GetUtcNow());
        var killed = runStart.Verdict == GuardVerdict.Block;
        var newlyKilled = Interlocked.Exchange(ref _killed, killed ? 1 : 0) == 0 && killed;
        foreach (var flight in _inFlight.Keys)
        {
            var decision = Decide(flight.Tool);
            if (decision.Verdict == GuardVerdict.Block)
            {
                flight.Kill(decision);
            }
        }

        if (newlyKilled)
        {
            RunKilled?.Invoke(this, new RunKilledEventArgs(runStart));
        }
    }

    bool IControlStreamListener.OnHeartbeat(ControlHeartbeatEvent? heartbeat)
    {
        Renew();
        return heartbeat is null || heartbeat.Epoch == Epoch;
    }

    void IControlStreamListener.OnRedeliver(HeldItem item)
    {
        Renew();
        _redelivered.Writer.TryWrite(item);
    }

    private void Renew()
    {
        Volatile.Write(ref _leaseRenewedTicks, _time.GetUtcNow().UtcTicks);
        _outbox.SignalReachable();
    }

    private async Task<RunStartDecision> StartRecordedRunAsync(
        GuardDecision decision, JsonElement input, string? correlationId, string? routingKey, AgentFallback? fallback, CancellationToken cancellationToken)
    {
        var traceparent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
        var releaseId = Releases?.ReleaseFor(routingKey ?? correlationId ?? Guid.NewGuid().ToString("N"));
        var release = releaseId is null ? null : new ReleaseRef(releaseId);
        var request = new StartRunRequest(_options.AgentId, CorrelationId: correlationId, Traceparent: traceparent, Release: release, Input: input);
        try
        {
            var run = await _client.StartRunAsync(request, cancellationToken);
            return new RunStartDecision(RunStartOutcome.Started, decision, Run: run, Fallback: fallback);
        }
        catch (Exception e) when (IsUnreachable(e, cancellationToken))
        {
            // The ids are chosen here so that the queued start, and every record queued behind it, name the same run.
            var offline = request with
            {
                RunId = $"run_{Guid.CreateVersion7():N}",
                CorrelationId = correlationId ?? (traceparent is null ? Guid.CreateVersion7().ToString("N") : Traceparent.TraceId(traceparent)),
            };
            _unrecordedRuns.TryAdd(offline.RunId, 0);
            _outbox.Enqueue(async t =>
            {
                await _client.StartRunAsync(offline, t);
                _unrecordedRuns.TryRemove(offline.RunId, out _);
            });
            var run = new RunRecord(offline.RunId, _options.AgentId, offline.CorrelationId, traceparent, release ?? new ReleaseRef(), RunStatus.Running, _time.GetUtcNow(), null);
            return new RunStartDecision(RunStartOutcome.Started, decision, Run: run, Fallback: fallback, Recorded: false);
        }
    }

    /// <summary>Whether <paramref name="e"/> says the server could not be reached or failed, rather than refused the request.</summary>
    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException
        || (e is FirebreakApiException api && (int)api.StatusCode >= 500)
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private LeaseState LeaseAt(DateTimeOffset now) =>
        Lease.Evaluate(new DateTimeOffset(Volatile.Read(ref _leaseRenewedTicks), TimeSpan.Zero), TimeSpan.FromTicks(Volatile.Read(ref _leaseTtlTicks)), now);

    /// <summary>Records the call pending, decides it again, runs it and completes it (<see cref="ToolCallPipeline.AfterRecord"/>).</summary>
    private async Task<GuardedResult<T>> ExecuteRiskyAsync<T>(
        ToolCall call, ActionDetails details, CallPlan plan, Func<CancellationToken, Task<T>> effect, InFlightCall flight, CancellationToken callerToken)
    {
        var token = flight.Token;
        RecordActionResult recorded;
        try
        {
            recorded = await _client.RecordActionAsync(Record(call, details, ActionOutcome.Pending, null, null), token);
        }
        catch (Exception e) when (e is HttpRequestException or FirebreakApiException or IOException || (e is OperationCanceledException && !token.IsCancellationRequested))
        {
            throw Block(call, details, ToolCallPipeline.Unrecorded(plan, e.Message), e);
        }

        plan = ToolCallPipeline.AfterRecord(plan, call.IdempotencyKey, recorded.Created ? null : recorded.Action.Outcome, Decide(call.Tool));
        switch (plan.Step)
        {
            case CallStep.Refuse:
                throw Refuse(call, plan);
            case CallStep.Block:
                throw CompleteBlocked(call, plan.Decision, plan.Message!);
            default:
                break;
        }

        var started = _time.GetTimestamp();
        T value;
        try
        {
            value = await effect(token);
        }
        catch (OperationCanceledException e) when (flight.KilledBy is { } kill && !callerToken.IsCancellationRequested)
        {
            throw CompleteBlocked(call, kill, ToolCallPipeline.StoppedWhileRunning(kill), e);
        }
        catch (Exception e)
        {
            var failed = new CompleteActionRequest(_options.AgentId, call.IdempotencyKey, ActionOutcome.Failed, Error: e.Message, DurationMs: Elapsed(started));
            _outbox.Enqueue(t => _client.CompleteActionAsync(failed, t));
            throw;
        }

        var result = ToJson(value);
        var executed = new CompleteActionRequest(_options.AgentId, call.IdempotencyKey, ActionOutcome.Executed, Traced(result), DurationMs: Elapsed(started));
        _outbox.Enqueue(t => _client.CompleteActionAsync(executed, t));
        CheckResult(call, plan.Decision, result);
        return new GuardedResult<T>(value, shadowed: false, default);
    }

    private async Task<GuardedResult<T>> ShadowAsync<T>(ToolCall call, ActionDetails details, CallPlan plan, CancellationToken token)
    {
        var simulated = _shadowResults.TryGetValue(call.Tool, out var factory)
            ? factory(call)
            : JsonSerializer.SerializeToElement(new ShadowedResult(true, call.Tool, plan.Message!), FirebreakJson.Options);
        var record = Record(call, details, ActionOutcome.Shadowed, simulated, null);
        try
        {
            await _client.RecordActionAsync(record, token);
        }
        catch (Exception e) when (e is HttpRequestException or FirebreakApiException or IOException)
        {
            _outbox.Enqueue(t => _client.RecordActionAsync(record, t));
        }

        return new GuardedResult<T>(default, shadowed: true, simulated);
    }

    /// <summary>Asks a human to approve the call's exact arguments and waits; returns the next step, or throws when the call may not run.</summary>
    private async Task<CallPlan> AwaitApprovalAsync(ToolCall call, ActionDetails details, CallPlan plan, CancellationToken token)
    {
        Approval approval;
        try
        {
            approval = await _client.CreateApprovalAsync(
                new ApprovalRequest(_options.AgentId, call.Tool, call.Arguments, call.IdempotencyKey, plan.Decision.ControlEpoch, call.RunId, details.Amount, details.Currency),
                token);
        }
        catch (FirebreakApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Nothing is recorded: the key belongs to the original call.
            throw Refuse(call, ToolCallPipeline.ReusedKey(plan, call.IdempotencyKey), e);
        }
        catch (Exception e) when (IsUnreachable(e, token) || e is FirebreakApiException)
        {
            throw Block(call, details, ToolCallPipeline.Unrecorded(plan, e.Message), e);
        }

        var deadline = _time.GetUtcNow() + _options.ApprovalTimeout;
        while (approval.Status == ApprovalStatus.Pending)
        {
            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            approval = await _client.GetApprovalAsync(approval.Id, remaining < _options.ApprovalPollWait ? remaining : _options.ApprovalPollWait, token);
        }

        var next = ToolCallPipeline.AfterApproval(plan, approval, CanonicalJson.Digest(call.Arguments), Decide(call.Tool), _time.GetUtcNow());
        switch (next.Step)
        {
            case CallStep.Record:
                return next;
            case CallStep.Deny:
                var denied = Record(call, details, ActionOutcome.Denied, null, null);
                _outbox.Enqueue(t => _client.RecordActionAsync(denied, t));
                throw new ToolDeniedException(next.Message!, approval);
            default:
                throw Block(call, details, next);
        }
    }

    /// <summary>Blocks a call before anything was recorded under its key, and records it blocked.</summary>
    private ToolBlockedException Block(ToolCall call, ActionDetails details, CallPlan plan, Exception? cause = null)
    {
        var blocked = Record(call, details, ActionOutcome.Blocked, null, null);
        _outbox.Enqueue(t => _client.RecordActionAsync(blocked, t));
        return Blocked(call, new ToolBlockedException(plan.Decision, plan.Message ?? "The call is blocked.", cause));
    }

    /// <summary>Blocks a call whose pending record exists: the record is completed blocked, so it does not stay pending.</summary>
    private ToolBlockedException CompleteBlocked(ToolCall call, GuardDecision decision, string message, Exception? cause = null)
    {
        var blocked = new CompleteActionRequest(_options.AgentId, call.IdempotencyKey, ActionOutcome.Blocked, Error: message);
        _outbox.Enqueue(t => _client.CompleteActionAsync(blocked, t));
        return Blocked(call, new ToolBlockedException(decision, message, cause));
    }

    /// <summary>Blocks a replay without recording it: its idempotency key belongs to the call it replays.</summary>
    private ToolBlockedException Refuse(ToolCall call, CallPlan plan, Exception? cause = null) =>
        Blocked(call, new ToolBlockedException(plan.Decision, plan.Message!, cause));

    private ToolBlockedException Blocked(ToolCall call, ToolBlockedException exception)
    {
        CallBlocked?.Invoke(this, new ToolBlockedEventArgs(call, exception));
        return exception;
    }

    private ActionDetails Details(ToolCall call)
    {
        var mapped = _actionDetails.TryGetValue(call.Tool, out var map) ? map(call.Arguments) : ActionDetails.None;
        return new ActionDetails(call.Entities ?? mapped.Entities, call.Amount ?? mapped.Amount, call.Currency ?? mapped.Currency);
    }

    private RecordActionRequest Record(ToolCall call, ActionDetails details, ActionOutcome outcome, JsonElement? result, long? durationMs) =>
        new(_options.AgentId, call.IdempotencyKey, call.Tool, Traced(call.Arguments), outcome, call.RunId, Traced(result), details.Entities, details.Amount, details.Currency, call.CorrelationId, call.ReleaseId, durationMs);

    private long Elapsed(long startedTimestamp) => (long)_time.GetElapsedTime(startedTimestamp).TotalMilliseconds;

    private static JsonElement? ToJson<T>(T value)
    {
        if (value is JsonElement element)
        {
            return element;
        }

        try
        {
            return value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), FirebreakJson.Options);
        }
        catch (NotSupportedException)
        {
            // A result the serializer cannot write is still a result: the action is recorded without it rather than lost.
            return null;
        }
    }
}
