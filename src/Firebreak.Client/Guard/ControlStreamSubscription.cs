using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Serialization;

namespace Firebreak.Client;

/// <summary>
/// Keeps one control stream open: parses its server-sent events, hands them to the guard, acknowledges each snapshot
/// after the guard swapped it in, and reconnects with <c>Last-Event-ID</c> and capped exponential backoff with jitter.
/// </summary>
internal sealed class ControlStreamSubscription(FirebreakClient client, AgentGuardOptions options, string pointId, IControlStreamListener listener)
{
    private readonly TimeProvider _time = options.TimeProvider;
    private int _failures;

    /// <summary>The epoch of the last snapshot applied, sent as <c>Last-Event-ID</c> on reconnect.</summary>
    public string? LastEventId { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await client.OpenControlStreamAsync(pointId, options.AgentId, options.Version, options.Host, LastEventId, cancellationToken);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
                await ReadEventsAsync(reader, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or FirebreakApiException or JsonException or OperationCanceledException)
            {
                // The stream dropped or the server is down: the lease runs out on its own and risky tools fail closed.
            }

            try
            {
                await Task.Delay(NextDelay(), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadEventsAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? id = null;
        string? type = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0 && !await DispatchAsync(type, id, data.ToString(), cancellationToken))
                {
                    return;
                }

                id = null;
                type = null;
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value);
                    break;
                default:
                    break;
            }
        }
    }

    /// <returns><see langword="false"/> to drop the connection and resubscribe, when the guard missed a snapshot.</returns>
    private async Task<bool> DispatchAsync(string? type, string? id, string data, CancellationToken cancellationToken)
    {
        _failures = 0;
        switch (type)
        {
            case ControlStreamEvents.Snapshot:
                var snapshot = Deserialize<ControlSnapshotEvent>(data);
                listener.OnSnapshot(snapshot);
                LastEventId = id ?? snapshot.Epoch.ToString(CultureInfo.InvariantCulture);
                await AcknowledgeAsync(snapshot.Epoch, cancellationToken);
                return true;
            case ControlStreamEvents.Heartbeat:
                return listener.OnHeartbeat(Deserialize<ControlHeartbeatEvent>(data));
            case ControlStreamEvents.Redeliver:
                listener.OnRedeliver(Deserialize<HeldItem>(data));
                return true;
            default:
                // An event kind newer than this SDK still proves the server is there.
                listener.OnHeartbeat(null);
                return true;
        }
    }

    private async Task AcknowledgeAsync(long epoch, CancellationToken cancellationToken)
    {
        try
        {
            await client.AcknowledgeControlAsync(new ControlAck(pointId, epoch), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or FirebreakApiException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The snapshot is applied either way; the operator sees this point as unconfirmed, which is the truth they need.
        }
    }

    private static T Deserialize<T>(string data) =>
        JsonSerializer.Deserialize<T>(data, FirebreakJson.Options) ?? throw new JsonException($"The control stream sent an empty {typeof(T).Name}.");

    private TimeSpan NextDelay()
    {
        var attempt = Math.Min(_failures++, 16);
        var capped = Math.Min(options.ReconnectMaxDelay.TotalMilliseconds, options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, attempt));

        // Full jitter over the upper half, so points dropped together by one server restart do not reconnect in lockstep.
        var jitter = 0.5 + (RandomNumberGenerator.GetInt32(0, 1000) / 2000.0);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }
}
