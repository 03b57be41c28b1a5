using Firebreak.Held;
using System.Globalization;
using Firebreak.Server.Auth;
using Firebreak.Server.Held;
using Firebreak.Server.Storage;
using Npgsql;

namespace Firebreak.Server.Control;

/// <summary>
/// On PostgreSQL, where several nodes share the control state: listens for the epochs other nodes commit and
/// reloads the snapshot, so an enforcement point connected to any node gets every change; for released held
/// items, which it redelivers on this node's streams; for enforcement point acknowledgements, which it hands to the
/// changes waiting on this node; and for revoked API keys, whose cached lookups it drops. Does nothing on SQLite.
/// </summary>
internal sealed partial class ControlListener(
    Database database,
    ControlPlane plane,
    HeldStore held,
    ControlBroadcaster broadcaster,
    PointDirectory points,
    ApiKeyStore keys,
    TimeProvider time,
    ILogger<ControlListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database is not PostgresDatabase postgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(postgres, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(PostgresDatabase postgres, CancellationToken stoppingToken)
    {
        await using var connection = await postgres.DataSource.OpenConnectionAsync(stoppingToken);
        var latest = 0L;
        var released = new List<string>();

        // Raised inside WaitAsync on this task, so the plain locals need no synchronization. Acknowledgements and
        // revocations are handled right here: both are cheap and in-memory, and a confirmation wait or a revoked key
        // should not queue behind a snapshot reload.
        connection.Notification += (_, notification) =>
        {
            if (notification.Channel == PointDirectory.AckChannel)
            {
                points.Acknowledged(notification.Payload);
            }
            else if (notification.Channel == PostgresDatabase.KeysChannel)
            {
                keys.Forget();
            }
            else if (notification.Channel == PostgresDatabase.HeldChannel)
            {
                released.Add(notification.Payload);
            }
            else if (long.TryParse(notification.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                latest = Math.Max(latest, epoch);
            }
        };
        await using (var listen = connection.CreateCommand())
        {
            listen.CommandText = $"LISTEN {PostgresDatabase.ControlChannel}; LISTEN {PostgresDatabase.HeldChannel}; LISTEN {PointDirectory.AckChannel}; LISTEN {PostgresDatabase.KeysChannel}";
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // A key revoked while this node was not listening may still be cached here.
        keys.Forget();

        // Changes committed while this node was not listening were never notified to it.
        await plane.ReloadAsync(stoppingToken);
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
            if (latest > plane.Current.Epoch)
            {
                await plane.ReloadAsync(stoppingToken);
            }

            foreach (var id in released)
            {
                // Already claimed by a point elsewhere: nothing left to redeliver.
                if (await held.GetAsync(id, stoppingToken) is { Status: HeldItemStatus.Released } item)
                {
                    broadcaster.Redeliver(item);
                }
            }

            released.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for control changes of other nodes failed; retrying")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
