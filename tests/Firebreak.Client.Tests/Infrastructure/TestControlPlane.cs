using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Firebreak.Client.Tests.Infrastructure;

/// <summary>
/// A small, real HTTP control plane on Kestrel (127.0.0.1, random port) speaking the protocol of
/// docs/design/control-plane.md: the SSE stream, ack, actions, runs, approvals with long-poll, and held items.
/// It stands in for Firebreak.Server until the two are tested end to end; tests drive controls through its methods.
/// </summary>
internal sealed class TestControlPlane : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<StreamConnection> _streams = [];
    private readonly Dictionary<string, ActionRecord> _actions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApprovalEntry> _approvals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeldItem> _held = new(StringComparer.Ordinal);
    private readonly Channel<Approval> _newApprovals = Channel.CreateUnbounded<Approval>();
    private readonly WebApplication _app;
    private ControlSnapshot _snapshot = ControlSnapshot.Empty;
    private long _seq;

    private TestControlPlane(WebApplication app, AgentDefinition agent, long leaseTtlMs)
    {
        _app = app;
        Agent = agent;
        LeaseTtlMs = leaseTtlMs;
        Map(app);
    }

    public AgentDefinition Agent { get; }

    public long LeaseTtlMs { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every write to the actions endpoints in arrival order, as <c>outcome:key</c> (<c>pending:k1</c>, <c>executed:k1</c>).</summary>
    public ConcurrentQueue<string> Ledger { get; } = new();

    public ConcurrentQueue<ControlAck> Acks { get; } = new();

    public ConcurrentQueue<string?> StreamLastEventIds { get; } = new();

    public ConcurrentQueue<StartRunRequest> Runs { get; } = new();

    /// <summary>Every step appended to a run's trace, in arrival order.</summary>
    public ConcurrentQueue<(string RunId, AppendStepRequest Step)> Steps { get; } = new();

    /// <summary>While set, new stream requests get 503, as from a server that is down.</summary>
    public bool RefuseStreams { get; set; }

    public long Epoch
    {
        get
        {
            lock (_gate)
            {
                return _snapshot.Epoch;
            }
        }
    }

    public int OpenStreams
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>
    /// Starts the plane. Heartbeats are sent only by <see cref="Heartbeat"/>, so the default lease outlives any test
    /// that is not about leases, however slowly a loaded machine runs it; lease tests pass their own.
    /// </summary>
    public static async Task<TestControlPlane> StartAsync(AgentDefinition agent, long leaseTtlMs = 120_000)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.ConfigureHttpJsonOptions(json => FirebreakJson.Configure(json.SerializerOptions));
        var plane = new TestControlPlane(builder.Build(), agent, leaseTtlMs);
        await plane._app.StartAsync();
        var address = plane._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        plane.Url = new Uri(address);
        return plane;
    }

    /// <summary>Sets <paramref name="mode"/> at <paramref name="scope"/> and pushes the snapshot to every stream.</summary>
    /// <returns>The new epoch.</returns>
    public long SetMode(ControlScope scope, ControlMode mode, string reason = "game day")
    {
        lock (_gate)
        {
            _snapshot = _snapshot.Apply(new ControlChange("operator@example.com", reason, DateTimeOffset.UtcNow, [scope], mode, "INC-7"));
            var frame = SnapshotFrame();
            foreach (var stream in _streams)
            {
                stream.Frames.Writer.TryWrite(frame);
            }

            return _snapshot.Epoch;
        }
    }

    /// <summary>Sets the agent's release routing and pushes the snapshot to every stream, as an activation or rollback does.</summary>
    /// <returns>The new epoch.</returns>
    public long SetRelease(Firebreak.Releases.ReleaseRouting routing)
    {
        lock (_gate)
        {
            _snapshot = _snapshot.Apply(new ControlChange("operator@example.com", "release", DateTimeOffset.UtcNow, [], Release: routing));
            var frame = SnapshotFrame();
            foreach (var stream in _streams)
            {
                stream.Frames.Writer.TryWrite(frame);
            }

            return _snapshot.Epoch;
        }
    }

    /// <summary>Puts the agent at the strict policy level, or back to normal, and pushes the snapshot to every stream.</summary>
    /// <returns>The new epoch.</returns>
    public long SetStrict(bool strict)
    {
        lock (_gate)
        {
            _snapshot = _snapshot.Apply(new ControlChange("operator@example.com", "strict", DateTimeOffset.UtcNow, [], StrictAgentId: Agent.Id, Strict: strict));
            var frame = SnapshotFrame();
            foreach (var stream in _streams)
            {
                stream.Frames.Writer.TryWrite(frame);
            }

            return _snapshot.Epoch;
        }
    }

    public void Heartbeat()
    {
        lock (_gate)
        {
            var frame = Frame(null, ControlStreamEvents.Heartbeat, new ControlHeartbeatEvent(_snapshot.Epoch, DateTimeOffset.UtcNow));
            foreach (var stream in _streams)
            {
                stream.Frames.Writer.TryWrite(frame);
            }
        }
    }

    /// <summary>Ends every open stream, as a restarting server would.</summary>
    public void DropStreams()
    {
        lock (_gate)
        {
            foreach (var stream in _streams)
            {
                stream.Frames.Writer.TryComplete();
            }
        }
    }

    public async Task WaitForAckAsync(long epoch)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Acks.Any(a => a.Epoch >= epoch))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    public async Task<Approval> NextApprovalAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _newApprovals.Reader.ReadAsync(timeout.Token);
    }

    public void Decide(string approvalId, ApprovalStatus status, string? reason = null)
    {
        var entry = _approvals[approvalId];
        entry.Approval = entry.Approval with { Status = status, DecidedBy = "operator@example.com", DecidedAt = DateTimeOffset.UtcNow, Reason = reason };
        entry.Decided.TrySetResult();
    }

    /// <summary>Releases a held item: its stream gets a <c>redeliver</c> event.</summary>
    public void Release(string heldId)
    {
        var item = _held[heldId] = _held[heldId] with { Status = HeldItemStatus.Released, DecidedBy = "operator@example.com", DecidedAt = DateTimeOffset.UtcNow };
        lock (_gate)
        {
            var frame = Frame(null, ControlStreamEvents.Redeliver, item);
            foreach (var stream in _streams)
            {
                stream.Frames.Writer.TryWrite(frame);
            }
        }
    }

    public HeldItem Held(string heldId) => _held[heldId];

    public async ValueTask DisposeAsync()
    {
        DropStreams();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string SnapshotFrame() =>
        Frame(_snapshot.Epoch, ControlStreamEvents.Snapshot, new ControlSnapshotEvent(_snapshot.Epoch, _snapshot, [Agent], LeaseTtlMs, DateTimeOffset.UtcNow));

    private static string Frame<T>(long? id, string type, T data) =>
        (id is null ? string.Empty : $"id: {id.Value.ToString(CultureInfo.InvariantCulture)}\n")
        + $"event: {type}\ndata: {JsonSerializer.Serialize(data, FirebreakJson.Options)}\n\n";

    private void Map(WebApplication app)
    {
        app.MapGet("/api/v1/control/stream", StreamAsync);
        app.MapPost("/api/v1/control/ack", (ControlAck ack) =>
        {
            Acks.Enqueue(ack);
            return Results.NoContent();
        });
        app.MapPost("/api/v1/actions", RecordAction);
        app.MapPost("/api/v1/actions/complete", CompleteAction);
        app.MapPost("/api/v1/runs", (StartRunRequest request) =>
        {
            Runs.Enqueue(request);
            var run = new RunRecord(request.RunId ?? $"run-{Runs.Count}", request.AgentId, request.CorrelationId ?? "corr-1", request.Traceparent, new ReleaseRef("rel-1"), RunStatus.Running, DateTimeOffset.UtcNow, null);
            return Results.Json(run, FirebreakJson.Options, statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/api/v1/runs/{id}/steps", (string id, AppendStepRequest request) =>
        {
            long seq;
            lock (_gate)
            {
                Steps.Enqueue((id, request));
                seq = ++_seq;
            }

            var item = new TraceItem(seq, "step", DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(request, FirebreakJson.Options), "hash");
            return Results.Json(item, FirebreakJson.Options, statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/api/v1/approvals", (ApprovalRequest request) =>
        {
            var now = DateTimeOffset.UtcNow;
            var approval = new Approval($"apr-{_approvals.Count + 1}", request.AgentId, request.Tool, request.Arguments, CanonicalJson.Digest(request.Arguments), request.IdempotencyKey, request.ControlEpoch, ApprovalStatus.Pending, now, now.AddMinutes(5), request.RunId, request.Amount, request.Currency);
            _approvals[approval.Id] = new ApprovalEntry(approval);
            _newApprovals.Writer.TryWrite(approval);
            return Results.Json(approval, FirebreakJson.Options, statusCode: StatusCodes.Status201Created);
        });
        app.MapGet("/api/v1/approvals/{id}", async (string id, int? wait, CancellationToken aborted) =>
        {
            if (!_approvals.TryGetValue(id, out var entry))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found");
            }

            if (wait is > 0)
            {
                await Task.WhenAny(entry.Decided.Task, Task.Delay(wait.Value, aborted));
            }

            return Results.Json(entry.Approval, FirebreakJson.Options);
        });
        app.MapPost("/api/v1/held", (HeldItemRequest request) =>
        {
            var item = new HeldItem($"held-{_held.Count + 1}", request.AgentId, request.Input, HeldItemStatus.Held, DateTimeOffset.UtcNow, request.Reason, request.CorrelationId);
            _held[item.Id] = item;
            return Results.Json(item, FirebreakJson.Options, statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/api/v1/held/{id}/delivered", (string id, HeldDeliveryRequest request) =>
        {
            lock (_gate)
            {
                var item = _held[id];
                if (item.Status != HeldItemStatus.Released)
                {
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "already delivered");
                }

                item = _held[id] = item with { Status = HeldItemStatus.Delivered, DeliveredTo = request.PointId };
                return Results.Json(item, FirebreakJson.Options);
            }
        });
    }

    private async Task StreamAsync(HttpContext http)
    {
        if (RefuseStreams)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var lastEventId = http.Request.Headers["Last-Event-ID"].FirstOrDefault();
        StreamLastEventIds.Enqueue(lastEventId);
        var connection = new StreamConnection();
        lock (_gate)
        {
            if (lastEventId != _snapshot.Epoch.ToString(CultureInfo.InvariantCulture))
            {
                connection.Frames.Writer.TryWrite(SnapshotFrame());
            }

            _streams.Add(connection);
        }

        http.Response.ContentType = "text/event-stream";
        await http.Response.StartAsync();
        try
        {
            await foreach (var frame in connection.Frames.Reader.ReadAllAsync(http.RequestAborted))
            {
                await http.Response.WriteAsync(frame, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The point disconnected.
        }
        finally
        {
            lock (_gate)
            {
                _streams.Remove(connection);
            }
        }
    }

    private IResult RecordAction(RecordActionRequest request)
    {
        lock (_gate)
        {
            Ledger.Enqueue($"{JsonNamingPolicy.SnakeCaseLower.ConvertName(request.Outcome.ToString())}:{request.IdempotencyKey}");
            if (_actions.TryGetValue(request.IdempotencyKey, out var existing))
            {
                return existing.ArgumentsDigest == CanonicalJson.Digest(request.Arguments)
                    ? Results.Json(existing, FirebreakJson.Options)
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "idempotency key reused with other arguments");
            }

            var action = new ActionRecord(
                ++_seq, request.AgentId, request.IdempotencyKey, request.Tool, request.Arguments, CanonicalJson.Digest(request.Arguments),
                request.Outcome, request.RunId, request.Result, request.Entities ?? [], request.Amount, request.Currency, request.CorrelationId,
                request.ReleaseId, DateTimeOffset.UtcNow, "hash");
            _actions[request.IdempotencyKey] = action;
            return Results.Json(action, FirebreakJson.Options, statusCode: StatusCodes.Status201Created);
        }
    }

    private IResult CompleteAction(CompleteActionRequest request)
    {
        lock (_gate)
        {
            Ledger.Enqueue($"{JsonNamingPolicy.SnakeCaseLower.ConvertName(request.Outcome.ToString())}:{request.IdempotencyKey}");
            if (!_actions.TryGetValue(request.IdempotencyKey, out var action))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found");
            }

            action = _actions[request.IdempotencyKey] = action with { Outcome = request.Outcome, Result = request.Result };
            return Results.Json(action, FirebreakJson.Options);
        }
    }

    /// <summary>The action stored under <paramref name="key"/>, if any.</summary>
    public ActionRecord? Action(string key)
    {
        lock (_gate)
        {
            return _actions.GetValueOrDefault(key);
        }
    }
}
