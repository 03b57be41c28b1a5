using System.Globalization;
using System.Text;
using System.Text.Json;
using Firebreak.Control;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Registry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Control;

/// <summary>
/// Serves one <c>text/event-stream</c> connection: a snapshot on connect (unless the client's <c>Last-Event-ID</c>
/// is already the current epoch), every newer snapshot, redeliveries, and heartbeats every third of the lease.
/// Each event carries the control epoch as its id and renews the point's lease.
/// </summary>
internal sealed class ControlStream(
    ControlPlane plane,
    ControlBroadcaster broadcaster,
    RegistryStore registry,
    TimeProvider time,
    IOptions<ControlOptions> options)
{
    public async Task RunAsync(HttpContext http, string? agentId, EnforcementPoint? point, CancellationToken cancellationToken)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var subscription = broadcaster.Subscribe(agentId);
        using var heartbeat = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            await http.Response.StartAsync(cancellationToken);
            var sent = plane.Current;
            if (LastEventId(http.Request) == sent.Epoch)
            {
                await WriteHeartbeatAsync(http, point, sent.Epoch, cancellationToken);
            }
            else
            {
                await WriteSnapshotAsync(http, point, sent, agentId, cancellationToken);
            }

            var tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
            var message = subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
            while (true)
            {
                if (await Task.WhenAny(tick, message) == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    await WriteHeartbeatAsync(http, point, sent.Epoch, cancellationToken);
                    tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                if (!await message)
                {
                    return;
                }

                while (subscription.Reader.TryRead(out var next))
                {
                    if (next.Redeliver is { } item)
                    {
                        await WriteEventAsync(http, point, ControlStreamEvents.Redeliver, sent.Epoch, item, cancellationToken);
                    }
                    else if (next.Snapshot is { } snapshot && snapshot.Epoch > sent.Epoch)
                    {
                        sent = snapshot;
                        await WriteSnapshotAsync(http, point, snapshot, agentId, cancellationToken);
                    }
                }

                message = subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        finally
        {
            if (point is not null)
            {
                point.Disconnect();
            }
        }
    }

    /// <summary>The epoch the client says it holds, from its <c>Last-Event-ID</c>.</summary>
    public static long? LastEventId(HttpRequest request) =>
        long.TryParse(request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : null;

    private async Task WriteSnapshotAsync(HttpContext http, EnforcementPoint? point, ControlSnapshot snapshot, string? agentId, CancellationToken cancellationToken)
    {
        IReadOnlyList<AgentDefinition> agents = agentId is null
            ? await registry.ListAsync(cancellationToken)
            : await registry.GetAsync(agentId, cancellationToken) is { } agent ? [agent] : [];
        var data = new ControlSnapshotEvent(
            snapshot.Epoch,
            ControlPlane.ViewFor(snapshot, agentId),
            [.. agents.Select(RegistrySecrets.WithoutSecrets)],
            (long)options.Value.LeaseTtl.TotalMilliseconds,
            time.GetUtcNow());
        await WriteEventAsync(http, point, ControlStreamEvents.Snapshot, snapshot.Epoch, data, cancellationToken);
    }

    private Task WriteHeartbeatAsync(HttpContext http, EnforcementPoint? point, long epoch, CancellationToken cancellationToken) =>
        WriteEventAsync(http, point, ControlStreamEvents.Heartbeat, epoch, new ControlHeartbeatEvent(epoch, time.GetUtcNow()), cancellationToken);

    private async Task WriteEventAsync<T>(HttpContext http, EnforcementPoint? point, string name, long epoch, T data, CancellationToken cancellationToken)
    {
        // Compact JSON has no raw line breaks, so the data fits on one SSE data line.
        var text = new StringBuilder()
            .Append("id: ").Append(epoch.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(name).Append('\n')
            .Append("data: ").Append(JsonSerializer.Serialize(data, FirebreakJson.Options)).Append("\n\n")
            .ToString();
        await http.Response.WriteAsync(text, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        point?.Seen(time.GetUtcNow());
    }
}
