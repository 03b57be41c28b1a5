using Firebreak.Approvals;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Firebreak.Serialization;
using Firebreak.Server.Control;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Approvals;

/// <summary>
/// Approval requests and standing rules. Each decision keeps its actor, reason and incident id, so an incident
/// timeline finds every approval decided under an incident. A pending request read after its expiry is expired.
/// </summary>
internal sealed class ApprovalStore(Database database, StoreWriter writer, TimeProvider time, IncidentTimeline timeline)
{
    private const string Columns =
        "id, agent_id, tool, arguments, arguments_digest, idempotency_key, control_epoch, status, created_at, expires_at, run_id, amount, currency, decided_at, decided_by, reason, incident_id FROM approvals";

    private const string RuleColumns =
        "id, agent_id, tool, expires_at, created_at, created_by, reason, amount_argument, max_amount, incident_id FROM approval_rules";

    /// <summary>
    /// Stores a request, approved at once when a standing rule covers it. A repeat with the same idempotency key
    /// returns the original when the arguments are identical and is a conflict when they differ.
    /// </summary>
    public Task<WriteResult<Approval>> CreateAsync(ApprovalRequest request, TimeSpan expiresAfter, CancellationToken cancellationToken)
    {
        var digest = CanonicalJson.Digest(request.Arguments);
        return writer.WriteAsync(
            context =>
            {
                using (var reader = context.Query($"SELECT {Columns} WHERE agent_id = @agent AND idempotency_key = @key", ("agent", request.AgentId), ("key", request.IdempotencyKey)))
                {
                    if (reader.Read())
                    {
                        var existing = Read(reader, context.Now);
                        return string.Equals(existing.ArgumentsDigest, digest, StringComparison.Ordinal)
                            ? WriteResult<Approval>.Existing(existing)
                            : WriteResult<Approval>.Conflict($"Idempotency key '{request.IdempotencyKey}' was already used for an approval with other arguments.");
                    }
                }

                var rule = ActiveRules(context, request.AgentId, request.Tool)
                    .FirstOrDefault(r => r.ToStanding().Covers(request.AgentId, request.Tool, request.Arguments, context.Now));
                var approval = new Approval(
                    $"apr_{Guid.CreateVersion7():N}",
                    request.AgentId,
                    request.Tool,
                    request.Arguments,
                    digest,
                    request.IdempotencyKey,
                    request.ControlEpoch,
                    rule is null ? ApprovalStatus.Pending : ApprovalStatus.Approved,
                    context.Now,
                    context.Now + expiresAfter,
                    request.RunId,
                    request.Amount,
                    request.Currency,
                    DecidedAt: rule is null ? null : context.Now,
                    DecidedBy: rule is null ? null : $"rule {rule.Id} by {rule.CreatedBy}",
                    Reason: rule?.Reason,
                    IncidentId: rule?.IncidentId);
                context.Execute(
                    "INSERT INTO approvals (id, agent_id, run_id, tool, arguments, arguments_digest, idempotency_key, control_epoch, amount, currency, status, created_at, expires_at, decided_at, decided_by, reason, incident_id) VALUES (@id, @agent, @run, @tool, @arguments, @digest, @key, @epoch, @amount, @currency, @status, @created, @expires, @decided, @by, @reason, @incident)",
                    ("id", approval.Id),
                    ("agent", approval.AgentId),
                    ("run", approval.RunId),
                    ("tool", approval.Tool),
                    ("arguments", approval.Arguments.GetRawText()),
                    ("digest", digest),
                    ("key", approval.IdempotencyKey),
                    ("epoch", approval.ControlEpoch),
                    ("amount", approval.Amount?.ToString(CultureInfo.InvariantCulture)),
                    ("currency", approval.Currency),
                    ("status", StoredEnum.Name(approval.Status)),
                    ("created", approval.CreatedAt.ToUnixTimeMilliseconds()),
                    ("expires", approval.ExpiresAt.ToUnixTimeMilliseconds()),
                    ("decided", approval.DecidedAt?.ToUnixTimeMilliseconds()),
                    ("by", approval.DecidedBy),
                    ("reason", approval.Reason),
                    ("incident", approval.IncidentId));
                return WriteResult<Approval>.Created(approval);
            },
            cancellationToken);
    }

    /// <summary>Approves or denies a pending request; a decided or expired one is a conflict.</summary>
    public Task<WriteResult<Approval>> DecideAsync(string id, bool approve, string actor, OperatorDecision decision, Func<Approval, TimelineAct?>? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.WithCreated(context => Decide(context, id, approve, actor, decision), entry), cancellationToken);

    private static WriteResult<Approval> Decide(WriteContext context, string id, bool approve, string actor, OperatorDecision decision)
    {
        Approval current;
        using (var reader = context.Query($"SELECT {Columns} WHERE id = @id", ("id", id)))
        {
            if (!reader.Read())
            {
                return WriteResult<Approval>.NotFound($"Approval '{id}' does not exist.");
            }

            current = Read(reader, context.Now);
        }

        if (current.Status != ApprovalStatus.Pending)
        {
            return WriteResult<Approval>.Conflict($"Approval '{id}' is already {StoredEnum.Name(current.Status)}.");
        }

        var status = approve ? ApprovalStatus.Approved : ApprovalStatus.Denied;
        context.Execute(
            "UPDATE approvals SET status = @status, decided_at = @at, decided_by = @by, reason = @reason, incident_id = @incident WHERE id = @id",
            ("status", StoredEnum.Name(status)), ("at", context.NowMs), ("by", actor), ("reason", decision.Reason), ("incident", decision.IncidentId), ("id", id));
        return WriteResult<Approval>.Created(current with
        {
            Status = status,
            DecidedAt = context.Now,
            DecidedBy = actor,
            Reason = decision.Reason,
            IncidentId = decision.IncidentId,
        });
    }

    public Task<ApprovalRule> CreateRuleAsync(StandingRuleRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context =>
            {
                var rule = new ApprovalRule(
                    $"rul_{Guid.CreateVersion7():N}",
                    request.AgentId,
                    request.Tool,
                    context.Now + request.For,
                    context.Now,
                    actor,
                    request.Reason,
                    request.AmountArgument,
                    request.MaxAmount,
                    request.IncidentId);
                context.Execute(
                    "INSERT INTO approval_rules (id, agent_id, tool, amount_argument, max_amount, expires_at, created_at, created_by, reason, incident_id) VALUES (@id, @agent, @tool, @argument, @max, @expires, @created, @by, @reason, @incident)",
                    ("id", rule.Id),
                    ("agent", rule.AgentId),
                    ("tool", rule.Tool),
                    ("argument", rule.AmountArgument),
                    ("max", rule.MaxAmount?.ToString(CultureInfo.InvariantCulture)),
                    ("expires", rule.ExpiresAt.ToUnixTimeMilliseconds()),
                    ("created", rule.CreatedAt.ToUnixTimeMilliseconds()),
                    ("by", actor),
                    ("reason", rule.Reason),
                    ("incident", rule.IncidentId));
                return rule;
            },
            cancellationToken);

    public async Task<Approval?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} WHERE id = @id");
        command.AddParameter("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, time.GetUtcNow()) : null;
    }

    /// <summary>The approval asked for under <paramref name="idempotencyKey"/> of <paramref name="agentId"/>, if any.</summary>
    public async Task<Approval?> FindByKeyAsync(string agentId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} WHERE agent_id = @agent AND idempotency_key = @key");
        command.AddParameter("agent", agentId);
        command.AddParameter("key", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, time.GetUtcNow()) : null;
    }

    public async Task<IReadOnlyList<Approval>> ListAsync(ApprovalStatus? status, string? agentId, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Expired is pending past its expiry, so the two filter on the expiry as well as the stored status.
        var filter = new SqlFilter(command)
            .Where("agent_id = @agent", "agent", agentId)
            .Where("status = @status", "status", status is null ? null : StoredEnum.Name(status == ApprovalStatus.Expired ? ApprovalStatus.Pending : status.Value))
            .Where("expires_at > @live", "live", status == ApprovalStatus.Pending ? now : null)
            .Where("expires_at <= @dead", "dead", status == ApprovalStatus.Expired ? now : null);
        command.CommandText = $"SELECT {Columns}{filter} ORDER BY created_at DESC, id DESC LIMIT @limit";
        command.AddParameter("limit", limit);
        var approvals = await command.ReadAllAsync(reader => Read(reader, time.GetUtcNow()), cancellationToken);

        return approvals;
    }

    private static List<ApprovalRule> ActiveRules(WriteContext context, string agentId, string tool)
    {
        var rules = new List<ApprovalRule>();
        using var reader = context.Query(
            $"SELECT {RuleColumns} WHERE agent_id = @agent AND tool = @tool AND expires_at > @now ORDER BY created_at, id",
            ("agent", agentId), ("tool", tool), ("now", context.NowMs));
        while (reader.Read())
        {
            rules.Add(new ApprovalRule(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetNullableString(7),
                reader.GetNullableString(8) is { } max ? decimal.Parse(max, CultureInfo.InvariantCulture) : null,
                reader.GetNullableString(9)));
        }

        return rules;
    }

    private static Approval Read(DbDataReader reader, DateTimeOffset now)
    {
        using var arguments = JsonDocument.Parse(reader.GetString(3));
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9));
        var status = StoredEnum.Parse<ApprovalStatus>(reader.GetString(7));
        return new Approval(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            arguments.RootElement.Clone(),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetInt64(6),
            status == ApprovalStatus.Pending && now >= expiresAt ? ApprovalStatus.Expired : status,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            expiresAt,
            reader.GetNullableString(10),
            reader.GetNullableString(11) is { } amount ? decimal.Parse(amount, CultureInfo.InvariantCulture) : null,
            reader.GetNullableString(12),
            DecidedAt: reader.GetNullableInt64(13) is { } decided ? DateTimeOffset.FromUnixTimeMilliseconds(decided) : null,
            DecidedBy: reader.GetNullableString(14),
            Reason: reader.GetNullableString(15),
            IncidentId: reader.GetNullableString(16));
    }
}
