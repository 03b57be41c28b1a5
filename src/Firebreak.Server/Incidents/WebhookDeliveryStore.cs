using System.Data.Common;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Incidents;

/// <summary>The webhook delivery queue and log: what is due, and the outcome of each attempt.</summary>
internal sealed class WebhookDeliveryStore(Database database, StoreWriter writer)
{
    private const string Columns =
        "id, webhook, event, incident_id, status, attempts, last_status_code, last_error, created_at, delivered_at FROM webhook_deliveries";

    public async Task<IReadOnlyList<WebhookDelivery>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} ORDER BY id DESC LIMIT @limit");
        command.AddParameter("limit", limit);
        var deliveries = await command.ReadAllAsync(Read, cancellationToken);

        return deliveries;
    }

    /// <summary>The oldest pending deliveries no node holds at <paramref name="now"/>, with their bodies and where below the webhook's URL each goes.</summary>
    public async Task<IReadOnlyList<(WebhookDelivery Delivery, string Payload, string? Target)>> PendingAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            $"SELECT {Columns.Replace(" FROM ", ", payload, target FROM ", StringComparison.Ordinal)} WHERE status = 'pending' AND (leased_until IS NULL OR leased_until <= @now) ORDER BY id LIMIT @limit");
        command.AddParameter("now", now.ToUnixTimeMilliseconds());
        command.AddParameter("limit", limit);
        var pending = await command.ReadAllAsync(reader => (Read(reader), reader.GetString(10), reader.GetNullableString(11)), cancellationToken);

        return pending;
    }

    /// <summary>
    /// Takes a pending delivery for <paramref name="length"/>, unless another node holds it: of the nodes sharing a
    /// database, only the one that took it sends it. <see langword="false"/> means someone else has it.
    /// </summary>
    public Task<bool> LeaseAsync(long id, TimeSpan length, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE webhook_deliveries SET leased_until = @until WHERE id = @id AND status = 'pending' AND (leased_until IS NULL OR leased_until <= @now)",
                ("until", (context.Now + length).ToUnixTimeMilliseconds()), ("id", id), ("now", context.NowMs)) == 1,
            cancellationToken);

    /// <summary>Gives a pending delivery back, so a node that stops mid-retry does not hold it until its lease runs out.</summary>
    public Task ReleaseAsync(long id, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute("UPDATE webhook_deliveries SET leased_until = NULL WHERE id = @id AND status = 'pending'", ("id", id)),
            cancellationToken);

    public Task RecordAttemptAsync(long id, int attempts, int? statusCode, string? error, bool delivered, bool final, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE webhook_deliveries SET attempts = @attempts, last_status_code = @code, last_error = @error, status = @status, delivered_at = @delivered WHERE id = @id",
                ("attempts", attempts), ("code", statusCode), ("error", error),
                ("status", delivered ? "delivered" : final ? "failed" : "pending"), ("delivered", delivered ? context.NowMs : null), ("id", id)),
            cancellationToken);

    private static WebhookDelivery Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetInt32(6),
        reader.GetNullableString(7),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        reader.GetNullableInt64(9) is { } delivered ? DateTimeOffset.FromUnixTimeMilliseconds(delivered) : null);
}
