using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Incidents, their append-only timeline, action items and communications. Every timeline entry is also queued for
/// the webhooks that want its event, in the same transaction, so a delivery is never lost nor sent for a write that
/// did not commit. Declarations, status and severity changes are also appended to the hash-chained ledger. Declaring an
/// incident whose severity has an escalation policy opens its page; moving it on acknowledges the page, resolving ends it.
/// </summary>
internal sealed class IncidentStore(Database database, StoreWriter writer, WebhookOutbox outbox, IncidentPages pages)
{
    internal const string LedgerDeclared = "incident_declared";
    internal const string LedgerStatus = "incident_status";
    internal const string LedgerSeverity = "incident_severity";

    private const string Columns =
        "id, title, agents, failure_class, tool, severity, status, commander, scribe, responders, window_start, window_end, detected_at, acknowledged_at, mitigated_at, resolved_at, closed_at, last_update_at, root_cause, root_cause_owner, summary, went_well, to_improve, alert_id, recurrence_of, created_by FROM incidents";

    public Task<(Incident Incident, SeverityClassification? Suggestion)> DeclareAsync(
        DeclareIncidentRequest request, Severity severity, SeverityClassification? suggestion, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Declare(context, request, severity, suggestion, actor), cancellationToken);

    public Task<WriteResult<Incident>> ChangeStatusAsync(string id, ChangeStatusRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => ChangeStatus(context, id, request, actor), cancellationToken);

    public Task<WriteResult<Incident>> ChangeSeverityAsync(string id, Severity severity, string reason, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => ChangeSeverity(context, id, severity, reason, actor), cancellationToken);

    public Task<WriteResult<Incident>> AssignRolesAsync(string id, AssignRolesRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => AssignRoles(context, id, request, actor), cancellationToken);

    public Task<WriteResult<Incident>> UpdateAnalysisAsync(string id, UpdateAnalysisRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => UpdateAnalysis(context, id, request, actor), cancellationToken);

    public Task<WriteResult<IncidentTimelineEntry>> AppendTimelineAsync(
        string id, TimelineKind kind, string actor, string text, JsonElement? data, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => AppendTimeline(context, id, kind, actor, text, data) is { } entry
                ? WriteResult<IncidentTimelineEntry>.Created(entry)
                : WriteResult<IncidentTimelineEntry>.NotFound(NotFound(id)),
            cancellationToken);

    public Task<WriteResult<IncidentCommunication>> RecordCommunicationAsync(
        string id, CommunicationChannel channel, string? subject, string body, string? estimatedResolution, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => RecordCommunication(context, id, channel, subject, body, estimatedResolution, actor), cancellationToken);

    public Task<WriteResult<IncidentActionItem>> AddActionItemAsync(string id, ActionItemRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => AddActionItem(context, id, request, actor), cancellationToken);

    public Task<WriteResult<IncidentActionItem>> UpdateActionItemAsync(string id, int number, ActionItemRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => UpdateActionItem(context, id, number, request, actor), cancellationToken);

    public Task<WriteResult<IncidentActionItem>> DeleteActionItemAsync(string id, int number, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => DeleteActionItem(context, id, number, actor), cancellationToken);

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {Columns} WHERE id = @id");
        command.AddParameter("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("id IN (SELECT incident_id FROM incident_agents WHERE agent_id = @agent)", "agent", query.AgentId)
            .Where("status = @status", "status", query.Status is { } status ? StoredEnum.Name(status) : null)
            .Where("severity = @severity", "severity", query.Severity is { } severity ? (int)severity : null)
            .Where("failure_class = @failure", "failure", query.FailureClass is { } failure ? FailureClassNames.Format(failure) : null)
            .Where("detected_at >= @from", "from", query.From?.ToUnixTimeMilliseconds())
            .Where("detected_at < @to", "to", query.To?.ToUnixTimeMilliseconds());
        command.CommandText = $"SELECT {Columns}{filter} ORDER BY detected_at DESC, number DESC LIMIT @limit";
        command.AddParameter("limit", query.Limit);
        var incidents = await command.ReadAllAsync(Read, cancellationToken);

        return incidents;
    }

    public async Task<IReadOnlyList<IncidentTimelineEntry>> GetTimelineAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT seq, at, actor, kind, text, data FROM incident_timeline WHERE incident_id = @id ORDER BY seq");
        command.AddParameter("id", id);
        var entries = new List<IncidentTimelineEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new IncidentTimelineEntry(
                reader.GetInt64(0),
                FromMs(reader.GetInt64(1)),
                reader.GetString(2),
                StoredEnum.Parse<TimelineKind>(reader.GetString(3)),
                reader.GetString(4),
                reader.GetNullableString(5) is { } data ? ParseJson(data) : null));
        }

        return entries;
    }

    public async Task<IReadOnlyList<IncidentActionItem>> GetActionItemsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT number, text, owner, due, status FROM incident_action_items WHERE incident_id = @id AND deleted_at IS NULL ORDER BY number");
        command.AddParameter("id", id);
        var items = await command.ReadAllAsync(ReadActionItem, cancellationToken);

        return items;
    }

    public async Task<IReadOnlyList<IncidentCommunication>> GetCommunicationsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT seq, at, actor, channel, subject, body, estimated_resolution FROM incident_communications WHERE incident_id = @id ORDER BY seq");
        command.AddParameter("id", id);
        var messages = new List<IncidentCommunication>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new IncidentCommunication(
                reader.GetInt64(0),
                FromMs(reader.GetInt64(1)),
                reader.GetString(2),
                StoredEnum.Parse<CommunicationChannel>(reader.GetString(3)),
                reader.GetNullableString(4),
                reader.GetString(5),
                reader.GetNullableString(6)));
        }

        return messages;
    }

    /// <summary>The open incidents (not resolved or closed) that involve <paramref name="agentId"/>, newest first.</summary>
    public async Task<IReadOnlyList<Incident>> ListOpenForAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            $"SELECT {Columns} WHERE id IN (SELECT incident_id FROM incident_agents WHERE agent_id = @agent) AND status IN ('declared', 'investigating', 'mitigated') ORDER BY detected_at DESC, number DESC");
        command.AddParameter("agent", agentId);
        var incidents = await command.ReadAllAsync(Read, cancellationToken);

        return incidents;
    }

    /// <summary>
    /// What the incident's agents did in its window: actions that took effect (executed, or executed and since
    /// compensated), the distinct entities they touched per type, distinct customers and money per currency.
    /// </summary>
    public async Task<PostmortemImpact> GetImpactAsync(Incident incident, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = incident.WindowStart.ToUnixTimeMilliseconds();
        var to = (incident.WindowEnd ?? incident.Milestones.Resolved ?? now).ToUnixTimeMilliseconds();
        var actions = 0;
        var entities = new HashSet<(string Type, string Id)>();
        var money = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var agent in incident.Agents)
        {
            await using (var command = connection.CreateCommand(
                "SELECT COUNT(*), currency, SUM(amount_micros) FROM actions WHERE agent_id = @agent AND recorded_at >= @from AND recorded_at <= @to AND outcome IN ('executed', 'compensated') GROUP BY currency"))
            {
                command.AddParameter("agent", agent);
                command.AddParameter("from", from);
                command.AddParameter("to", to);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    actions += Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                    if (reader.GetNullableString(1) is { } currency && !reader.IsDBNull(2))
                    {
                        var amount = Money.FromMicros(Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
                        money[currency] = money.GetValueOrDefault(currency) + amount;
                    }
                }
            }

            await using (var command = connection.CreateCommand(
                "SELECT DISTINCT e.entity_type, e.entity_id FROM action_entities e JOIN actions a ON a.seq = e.action_seq WHERE a.agent_id = @agent AND a.recorded_at >= @from AND a.recorded_at <= @to AND a.outcome IN ('executed', 'compensated')"))
            {
                command.AddParameter("agent", agent);
                command.AddParameter("from", from);
                command.AddParameter("to", to);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    entities.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        var byType = entities.GroupBy(e => e.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var duration = incident.Milestones.Resolved is { } resolved ? resolved - incident.Milestones.Detected : (TimeSpan?)null;
        return new PostmortemImpact(actions, byType, byType.GetValueOrDefault("customer"), money, duration);
    }

    private (Incident, SeverityClassification?) Declare(
        WriteContext context, DeclareIncidentRequest request, Severity severity, SeverityClassification? suggestion, string actor)
    {
        var number = Convert.ToInt64(context.Scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM incidents"), CultureInfo.InvariantCulture);
        var id = string.Create(CultureInfo.InvariantCulture, $"INC-{number}");
        var agents = request.Agents.Distinct(StringComparer.Ordinal).ToArray();
        var failureClass = FailureClassNames.Format(request.FailureClass);
        var windowStart = request.WindowStart ?? context.Now;
        var recurrenceOf = context.Scalar(
            "SELECT id FROM incidents WHERE primary_agent = @agent AND failure_class = @failure AND COALESCE(tool, '') = @tool AND detected_at >= @since ORDER BY detected_at DESC, number DESC LIMIT 1",
            ("agent", agents[0]), ("failure", failureClass), ("tool", request.Tool ?? string.Empty),
            ("since", (context.Now - IncidentMetrics.RecurrenceWindow).ToUnixTimeMilliseconds())) as string;
        context.Execute(
            "INSERT INTO incidents (id, number, title, agents, primary_agent, failure_class, tool, severity, status, commander, scribe, responders, window_start, window_end, detected_at, last_update_at, went_well, to_improve, alert_id, recurrence_of, created_by) VALUES (@id, @number, @title, @agents, @primary, @failure, @tool, @severity, @status, @commander, NULL, '[]', @start, @end, @at, @at, '[]', '[]', @alert, @recurrence, @actor)",
            ("id", id), ("number", number), ("title", request.Title), ("agents", Serialize(agents)), ("primary", agents[0]), ("failure", failureClass),
            ("tool", request.Tool), ("severity", (int)severity), ("status", StoredEnum.Name(IncidentStatus.Declared)), ("commander", request.Commander),
            ("start", windowStart.ToUnixTimeMilliseconds()), ("end", request.WindowEnd?.ToUnixTimeMilliseconds()), ("at", context.NowMs),
            ("alert", request.AlertId), ("recurrence", recurrenceOf), ("actor", actor));
        foreach (var agent in agents)
        {
            context.Execute("INSERT INTO incident_agents (incident_id, agent_id) VALUES (@id, @agent)", ("id", id), ("agent", agent));
        }

        var incident = Find(context, id)!;
        context.Append(LedgerDeclared, null, agents[0], Serialize(new { incidentId = id, severity = SeverityNames.ToSevName(severity), failureClass, agents, actor }));
        AppendTimeline(
            context, incident, TimelineKind.Declared, actor,
            $"Declared {SeverityNames.ToDisplay(severity)} {failureClass} incident on {string.Join(", ", agents)}: {request.Title}; commander {request.Commander}.",
            null);
        if (suggestion is not null && suggestion.Severity != severity)
        {
            AppendTimeline(
                context, incident, TimelineKind.Severity, "classifier",
                $"The classifier suggests {SeverityNames.ToDisplay(suggestion.Severity)}, not the declared {SeverityNames.ToDisplay(severity)}: {string.Join("; ", suggestion.Reasons)}.",
                ToJson(suggestion));
        }

        if (pages.Open(context, id, severity, actor) is { } receivers)
        {
            AppendTimeline(
                context, incident, TimelineKind.Page, IncidentEscalation.Actor,
                IncidentEscalation.Describe(EscalationStepKind.Page, 0, 0, receivers, request.Title),
                IncidentEscalation.Data(EscalationStepKind.Page, 0, 0, receivers, 0), receivers);
        }

        if (recurrenceOf is not null)
        {
            AppendTimeline(
                context, incident, TimelineKind.Note, "firebreak",
                $"Recurrence of {recurrenceOf}: same agent, failure class and tool within {IncidentMetrics.RecurrenceWindow.TotalDays:0} days.",
                null);
        }

        return (incident, suggestion);
    }

    private WriteResult<Incident> ChangeStatus(WriteContext context, string id, ChangeStatusRequest request, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<Incident>.NotFound(NotFound(id));
        }

        var transition = IncidentLifecycle.Transition(incident.Status, request.Status);
        if (!transition.Succeeded)
        {
            return WriteResult<Incident>.Conflict($"{transition.Error}. Allowed moves from {StoredEnum.Name(incident.Status)}: {AllowedMoves(incident.Status)}.");
        }

        // Milestones mark the first time the incident got there; skipping a step stamps the skipped ones too, so they
        // stay chronological. Going back (a regression or a reopening) clears what no longer holds.
        var now = context.NowMs;
        var (sql, closed) = request.Status switch
        {
            IncidentStatus.Investigating => ("UPDATE incidents SET status = @status, acknowledged_at = COALESCE(acknowledged_at, @at), mitigated_at = NULL, resolved_at = NULL WHERE id = @id", false),
            IncidentStatus.Mitigated => ("UPDATE incidents SET status = @status, acknowledged_at = COALESCE(acknowledged_at, @at), mitigated_at = COALESCE(mitigated_at, @at) WHERE id = @id", false),
            IncidentStatus.Resolved => ("UPDATE incidents SET status = @status, acknowledged_at = COALESCE(acknowledged_at, @at), mitigated_at = COALESCE(mitigated_at, @at), resolved_at = @at WHERE id = @id", false),
            _ => ("UPDATE incidents SET status = @status, closed_at = @at WHERE id = @id", true),
        };
        context.Execute(sql, ("status", StoredEnum.Name(request.Status)), ("at", now), ("id", id));
        var updated = Find(context, id)!;
        context.Append(LedgerStatus, null, incident.Agents[0], Serialize(new { incidentId = id, from = StoredEnum.Name(incident.Status), to = StoredEnum.Name(request.Status), actor, closed }));
        var text = $"Status {StoredEnum.Name(incident.Status)} -> {StoredEnum.Name(request.Status)}" + (string.IsNullOrWhiteSpace(request.Note) ? "." : $": {request.Note}");

        // Moving the incident on is an answer to its page; the page's receivers hear the acknowledgement and the resolution.
        IReadOnlyList<string>? reached = null;
        if (request.Status is IncidentStatus.Investigating or IncidentStatus.Mitigated or IncidentStatus.Resolved && IncidentPages.Acknowledge(context, id, actor) is { } acknowledged)
        {
            reached = pages.Reached(acknowledged);
            AppendTimeline(
                context, updated, TimelineKind.PageAcknowledged, actor, $"Page acknowledged by {actor}: the incident moved to {StoredEnum.Name(request.Status)}.",
                ToJson(new { level = acknowledged.Level + 1 }), reached);
        }

        if (request.Status is IncidentStatus.Resolved or IncidentStatus.Closed && IncidentPages.Close(context, id) is { } ended)
        {
            reached = pages.Reached(ended);
        }

        AppendTimeline(context, updated, TimelineKind.Status, actor, text, ToJson(new { from = StoredEnum.Name(incident.Status), to = StoredEnum.Name(request.Status) }), reached);
        return WriteResult<Incident>.Created(updated);
    }

    private WriteResult<Incident> ChangeSeverity(WriteContext context, string id, Severity severity, string reason, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<Incident>.NotFound(NotFound(id));
        }

        var previous = SeverityNames.Parse(incident.Severity);
        if (previous == severity)
        {
            return WriteResult<Incident>.Conflict($"Incident '{id}' is already {SeverityNames.ToDisplay(severity)}.");
        }

        context.Execute("UPDATE incidents SET severity = @severity WHERE id = @id", ("severity", (int)severity), ("id", id));
        var updated = Find(context, id)!;
        context.Append(LedgerSeverity, null, incident.Agents[0], Serialize(new { incidentId = id, from = SeverityNames.ToSevName(previous), to = SeverityNames.ToSevName(severity), reason, actor }));
        AppendTimeline(
            context, updated, TimelineKind.Severity, actor,
            $"Severity {SeverityNames.ToDisplay(previous)} -> {SeverityNames.ToDisplay(severity)}: {reason}",
            ToJson(new { from = SeverityNames.ToSevName(previous), to = SeverityNames.ToSevName(severity) }));
        return WriteResult<Incident>.Created(updated);
    }

    private WriteResult<Incident> AssignRoles(WriteContext context, string id, AssignRolesRequest request, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<Incident>.NotFound(NotFound(id));
        }

        var commander = request.Commander ?? incident.Commander;
        var scribe = request.Scribe ?? incident.Scribe;
        var responders = request.Responders?.Distinct(StringComparer.Ordinal).ToArray() ?? [.. incident.Responders];
        context.Execute(
            "UPDATE incidents SET commander = @commander, scribe = @scribe, responders = @responders WHERE id = @id",
            ("commander", commander), ("scribe", scribe), ("responders", Serialize(responders)), ("id", id));
        var updated = Find(context, id)!;
        AppendTimeline(
            context, updated, TimelineKind.Role, actor,
            $"Roles: commander {commander}, scribe {scribe ?? "none"}, responders {(responders.Length == 0 ? "none" : string.Join(", ", responders))}.",
            null);
        return WriteResult<Incident>.Created(updated);
    }

    private WriteResult<Incident> UpdateAnalysis(WriteContext context, string id, UpdateAnalysisRequest request, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<Incident>.NotFound(NotFound(id));
        }

        if (request.WindowEnd is { } end && end < incident.WindowStart)
        {
            return WriteResult<Incident>.Conflict($"The window of '{id}' starts at {incident.WindowStart:O}; it cannot end before that.");
        }

        context.Execute(
            "UPDATE incidents SET root_cause = @cause, root_cause_owner = @owner, summary = @summary, went_well = @well, to_improve = @improve, window_end = @end WHERE id = @id",
            ("cause", request.RootCause ?? incident.RootCause), ("owner", request.RootCauseOwner ?? incident.RootCauseOwner),
            ("summary", request.Summary ?? incident.Summary), ("well", Serialize(request.WentWell ?? incident.WentWell)),
            ("improve", Serialize(request.ToImprove ?? incident.ToImprove)),
            ("end", (request.WindowEnd ?? incident.WindowEnd)?.ToUnixTimeMilliseconds()), ("id", id));
        var updated = Find(context, id)!;
        AppendTimeline(context, updated, TimelineKind.Note, actor, "Analysis updated" + (request.RootCause is { } cause ? $": root cause {cause}" : "."), null);
        return WriteResult<Incident>.Created(updated);
    }

    private WriteResult<IncidentCommunication> RecordCommunication(
        WriteContext context, string id, CommunicationChannel channel, string? subject, string body, string? estimatedResolution, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<IncidentCommunication>.NotFound(NotFound(id));
        }

        var seq = NextSeq(context, "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_communications WHERE incident_id = @id", id);
        context.Execute(
            "INSERT INTO incident_communications (incident_id, seq, at, actor, channel, subject, body, estimated_resolution) VALUES (@id, @seq, @at, @actor, @channel, @subject, @body, @eta)",
            ("id", id), ("seq", seq), ("at", context.NowMs), ("actor", actor), ("channel", StoredEnum.Name(channel)), ("subject", subject), ("body", body), ("eta", estimatedResolution));
        context.Execute("UPDATE incidents SET last_update_at = @at WHERE id = @id", ("at", context.NowMs), ("id", id));
        AppendTimeline(
            context, incident, TimelineKind.Communication, actor,
            $"Sent {StoredEnum.Name(channel)} update" + (subject is null ? "." : $": {subject}"),
            ToJson(new { channel = StoredEnum.Name(channel), seq }));
        return WriteResult<IncidentCommunication>.Created(new IncidentCommunication(seq, context.Now, actor, channel, subject, body, estimatedResolution));
    }

    private WriteResult<IncidentActionItem> AddActionItem(WriteContext context, string id, ActionItemRequest request, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<IncidentActionItem>.NotFound(NotFound(id));
        }

        var number = (int)NextSeq(context, "SELECT COALESCE(MAX(number), 0) + 1 FROM incident_action_items WHERE incident_id = @id", id);
        context.Execute(
            "INSERT INTO incident_action_items (incident_id, number, text, owner, due, status, updated_at) VALUES (@id, @number, @text, @owner, @due, @status, @at)",
            ("id", id), ("number", number), ("text", request.Text), ("owner", request.Owner),
            ("due", request.Due.ToString("O", CultureInfo.InvariantCulture)), ("status", StoredEnum.Name(request.Status)), ("at", context.NowMs));
        AppendTimeline(context, incident, TimelineKind.Note, actor, $"Action item {number} added: {request.Text} (owner {request.Owner}, due {request.Due:O}).", null);
        return WriteResult<IncidentActionItem>.Created(new IncidentActionItem(number, request.Text, request.Owner, request.Due, request.Status));
    }

    private WriteResult<IncidentActionItem> UpdateActionItem(WriteContext context, string id, int number, ActionItemRequest request, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<IncidentActionItem>.NotFound(NotFound(id));
        }

        var changed = context.Execute(
            "UPDATE incident_action_items SET text = @text, owner = @owner, due = @due, status = @status, updated_at = @at WHERE incident_id = @id AND number = @number AND deleted_at IS NULL",
            ("text", request.Text), ("owner", request.Owner), ("due", request.Due.ToString("O", CultureInfo.InvariantCulture)),
            ("status", StoredEnum.Name(request.Status)), ("at", context.NowMs), ("id", id), ("number", number));
        if (changed == 0)
        {
            return WriteResult<IncidentActionItem>.NotFound($"Incident '{id}' has no action item {number}.");
        }

        AppendTimeline(context, incident, TimelineKind.Note, actor, $"Action item {number} updated: {request.Text} ({StoredEnum.Name(request.Status)}).", null);
        return WriteResult<IncidentActionItem>.Created(new IncidentActionItem(number, request.Text, request.Owner, request.Due, request.Status));
    }

    private WriteResult<IncidentActionItem> DeleteActionItem(WriteContext context, string id, int number, string actor)
    {
        if (Find(context, id) is not { } incident)
        {
            return WriteResult<IncidentActionItem>.NotFound(NotFound(id));
        }

        IncidentActionItem? item;
        using (var reader = context.Query(
            "SELECT number, text, owner, due, status FROM incident_action_items WHERE incident_id = @id AND number = @number AND deleted_at IS NULL",
            ("id", id), ("number", number)))
        {
            item = reader.Read() ? ReadActionItem(reader) : null;
        }

        if (item is null)
        {
            return WriteResult<IncidentActionItem>.NotFound($"Incident '{id}' has no action item {number}.");
        }

        // Kept with a deletion mark rather than removed: the timeline refers to it by number.
        context.Execute(
            "UPDATE incident_action_items SET deleted_at = @at WHERE incident_id = @id AND number = @number",
            ("at", context.NowMs), ("id", id), ("number", number));
        AppendTimeline(context, incident, TimelineKind.Note, actor, $"Action item {number} removed: {item.Text}.", null);
        return WriteResult<IncidentActionItem>.Created(item);
    }

    /// <summary>Appends one entry inside the transaction of <paramref name="context"/>; <see langword="null"/> when incident <paramref name="id"/> does not exist.</summary>
    internal IncidentTimelineEntry? AppendTimeline(WriteContext context, string id, TimelineKind kind, string actor, string text, JsonElement? data) =>
        Find(context, id) is { } incident ? AppendTimeline(context, incident, kind, actor, text, data) : null;

    /// <summary>Appends one entry inside <paramref name="context"/>'s transaction and queues it for the webhooks that want it and for <paramref name="receivers"/>.</summary>
    internal IncidentTimelineEntry AppendTimeline(
        WriteContext context, Incident incident, TimelineKind kind, string actor, string text, JsonElement? data, IReadOnlyCollection<string>? receivers = null)
    {
        var seq = NextSeq(context, "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_timeline WHERE incident_id = @id", incident.Id);
        context.Execute(
            "INSERT INTO incident_timeline (incident_id, seq, at, actor, kind, text, data) VALUES (@id, @seq, @at, @actor, @kind, @text, @data)",
            ("id", incident.Id), ("seq", seq), ("at", context.NowMs), ("actor", actor), ("kind", StoredEnum.Name(kind)), ("text", text),
            ("data", data is { } json ? json.GetRawText() : null));
        var entry = new IncidentTimelineEntry(seq, context.Now, actor, kind, text, data);
        outbox.Enqueue(context, incident, entry, receivers);
        return entry;
    }

    private static long NextSeq(WriteContext context, string sql, string id) =>
        Convert.ToInt64(context.Scalar(sql, ("id", id)), CultureInfo.InvariantCulture);

    private static string AllowedMoves(IncidentStatus from)
    {
        var moves = Enum.GetValues<IncidentStatus>().Where(to => IncidentLifecycle.CanTransition(from, to)).Select(StoredEnum.Name<IncidentStatus>).ToArray();
        return moves.Length == 0 ? "none" : string.Join(", ", moves);
    }

    internal static Incident? Find(WriteContext context, string id)
    {
        using var reader = context.Query($"SELECT {Columns} WHERE id = @id", ("id", id));
        return reader.Read() ? Read(reader) : null;
    }

    private static Incident Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Deserialize<string[]>(reader.GetString(2)),
        FailureClassNames.Parse(reader.GetString(3)),
        reader.GetNullableString(4),
        SeverityNames.ToSevName((Severity)reader.GetInt32(5)),
        StoredEnum.Parse<IncidentStatus>(reader.GetString(6)),
        reader.GetString(7),
        reader.GetNullableString(8),
        Deserialize<string[]>(reader.GetString(9)),
        FromMs(reader.GetInt64(10)),
        NullableMs(reader, 11),
        new IncidentMilestones(FromMs(reader.GetInt64(12)), NullableMs(reader, 13), NullableMs(reader, 14), NullableMs(reader, 15)),
        NullableMs(reader, 16),
        FromMs(reader.GetInt64(17)),
        reader.GetNullableString(18),
        reader.GetNullableString(19),
        reader.GetNullableString(20),
        Deserialize<string[]>(reader.GetString(21)),
        Deserialize<string[]>(reader.GetString(22)),
        reader.GetNullableString(23),
        reader.GetNullableString(24),
        reader.GetString(25));

    private static IncidentActionItem ReadActionItem(DbDataReader reader) => new(
        reader.GetInt32(0),
        reader.GetString(1),
        reader.GetString(2),
        DateOnly.ParseExact(reader.GetString(3), "O", CultureInfo.InvariantCulture),
        StoredEnum.Parse<ActionItemStatus>(reader.GetString(4)));

    private static string NotFound(string id) => $"Incident '{id}' does not exist.";

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableMs(DbDataReader reader, int ordinal) =>
        reader.GetNullableInt64(ordinal) is { } ms ? FromMs(ms) : null;

    private static JsonElement ToJson<T>(T value) => JsonSerializer.SerializeToElement(value, FirebreakJson.Options);

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, FirebreakJson.Options);

    private static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, FirebreakJson.Options)!;
}
