using System.Text;
using Firebreak.Incidents;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Incidents;

internal static class IncidentsEndpoints
{
    public static IEndpointRouteBuilder MapIncidentsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        var read = group.Requiring(Policies.Read);
        var operate = group.Requiring(Policies.Operate);
        operate.MapPost("/", Declare)
            .WithName("DeclareIncident")
            .WithSummary("Declares an incident. With impact facts, the answer carries the classifier's severity and reasons; a declared severity that differs is kept and the suggestion goes on the timeline.");
        read.MapGet("/", List).WithName("ListIncidents").WithSummary("Lists incidents, newest first.");
        read.MapGet("/metrics", Metrics)
            .WithName("IncidentMetrics").WithSummary("Mean time to acknowledge, mitigate and resolve per agent, severity and failure class, and recurrences.");
        read.MapGet("/webhooks/deliveries", Deliveries)
            .WithName("WebhookDeliveries").WithSummary("The webhook delivery log, newest first.");
        read.MapGet("/{id}", Get)
            .WithName("GetIncident").WithSummary("An incident with its timeline, action items, messages and overdue flags.");
        operate.MapPost("/{id}/status", ChangeStatus)
            .WithName("ChangeIncidentStatus").WithSummary("Moves the incident to another status; an illegal move is a 409 naming the allowed ones.");
        operate.MapPost("/{id}/severity", ChangeSeverity)
            .WithName("ChangeIncidentSeverity").WithSummary("Changes the severity, with a reason.");
        operate.MapPost("/{id}/roles", AssignRoles)
            .WithName("AssignIncidentRoles").WithSummary("Changes commander, scribe or responders.");
        operate.MapPost("/{id}/notes", AddNote)
            .WithName("AddIncidentNote").WithSummary("Adds a note to the timeline; corrections are new notes.");
        operate.MapPost("/{id}/analysis", UpdateAnalysis)
            .WithName("UpdateIncidentAnalysis").WithSummary("Records root cause, summary, what went well and what to improve.");
        operate.MapPost("/{id}/communications", Communicate)
            .WithName("SendIncidentCommunication").WithSummary("Renders the channel's template file and records the message as sent.");
        read.MapGet("/{id}/postmortem", Postmortem)
            .WithName("GetIncidentPostmortem").WithSummary("The postmortem in Markdown, with impact computed from the ledger.");
        read.MapGet("/{id}/export", Export)
            .WithName("ExportIncident").WithSummary("The whole incident as JSON (format=json, the default) or Markdown (format=markdown).");
        read.MapGet("/{id}/actions", ListActionItems)
            .WithName("ListIncidentActionItems").WithSummary("The incident's action items.");
        operate.MapPost("/{id}/actions", AddActionItem)
            .WithName("AddIncidentActionItem").WithSummary("Adds an action item.");
        operate.MapPut("/{id}/actions/{number}", UpdateActionItem)
            .WithName("UpdateIncidentActionItem").WithSummary("Replaces an action item.");
        operate.MapDelete("/{id}/actions/{number}", DeleteActionItem)
            .WithName("DeleteIncidentActionItem").WithSummary("Removes an action item.");
        group.MapIncidentPageEndpoints();
        return app;
    }

    private static async Task<Results<Created<DeclaredIncident>, ValidationProblem, ProblemHttpResult>> Declare(
        DeclareIncidentRequest request,
        IncidentStore store,
        RegistryStore registry,
        IncidentInstruments instruments,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        foreach (var agent in request.Agents)
        {
            if (await registry.GetAsync(agent, cancellationToken) is null)
            {
                return Problems.NotFound($"Agent '{agent}' is not registered.");
            }
        }

        var suggestion = request.Impact is { } impact ? SeverityClassifier.Classify(impact) : null;
        var severity = request.Severity is { } alias ? SeverityNames.Parse(alias) : suggestion!.Severity;
        var (incident, classified) = await store.DeclareAsync(request, severity, suggestion, Caller.From(http.User).Actor, cancellationToken);
        instruments.Declared(incident);
        return TypedResults.Created($"/api/v1/incidents/{incident.Id}", new DeclaredIncident(incident, classified));
    }

    private static async Task<Results<Ok<IReadOnlyList<Incident>>, ValidationProblem>> List(
        IncidentStore store,
        string? agent,
        string? status,
        string? severity,
        string? failureClass,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var parsedStatus = QueryEnum.Read<IncidentStatus>(errors, "status", status);
        var parsedSeverity = QueryEnum.Read<Severity>(errors, "severity", severity, SeverityNames.TryParse, "must be SEV1-SEV4, P0-P3 or critical, high, medium, low");
        var parsedClass = QueryEnum.Read<FailureClass>(
            errors, "failureClass", failureClass, FailureClassNames.TryParse, $"must be one of {string.Join(", ", FailureClassNames.All)}");
        var size = Paging.Read(errors, limit);

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await store.ListAsync(
            new IncidentQuery(agent, parsedStatus, parsedSeverity, parsedClass, from, to, size), cancellationToken));
    }

    private static async Task<Results<Ok<IncidentDetail>, ProblemHttpResult>> Get(
        string id, IncidentStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await Detail(id, store, time, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.NotFound($"Incident '{id}' does not exist.");

    private static async Task<Results<Ok<Incident>, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        string id,
        ChangeStatusRequest request,
        IncidentStore store,
        IncidentInstruments instruments,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var result = await store.ChangeStatusAsync(id, request, Caller.From(http.User).Actor, cancellationToken);
        if (result.Status != WriteStatus.Created)
        {
            return Problems.Refused(result);
        }

        if (request.Status == IncidentStatus.Resolved)
        {
            instruments.Resolved(result.Value!);
        }

        return TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Ok<Incident>, ValidationProblem, ProblemHttpResult>> ChangeSeverity(
        string id, ChangeSeverityRequest request, IncidentStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        return !errors.IsValid
            ? Problems.Invalid(errors)
            : Written(await store.ChangeSeverityAsync(id, SeverityNames.Parse(request.Severity), request.Reason, Caller.From(http.User).Actor, cancellationToken));
    }

    private static async Task<Results<Ok<Incident>, ValidationProblem, ProblemHttpResult>> AssignRoles(
        string id, AssignRolesRequest request, IncidentStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        return !errors.IsValid
            ? Problems.Invalid(errors)
            : Written(await store.AssignRolesAsync(id, request, Caller.From(http.User).Actor, cancellationToken));
    }

    private static async Task<Results<Ok<IncidentTimelineEntry>, ValidationProblem, ProblemHttpResult>> AddNote(
        string id, AddNoteRequest request, IncidentStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        return !errors.IsValid
            ? Problems.Invalid(errors)
            : Written(await store.AppendTimelineAsync(id, TimelineKind.Note, Caller.From(http.User).Actor, request.Text, null, cancellationToken));
    }

    private static async Task<Results<Ok<Incident>, ValidationProblem, ProblemHttpResult>> UpdateAnalysis(
        string id, UpdateAnalysisRequest request, IncidentStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        return !errors.IsValid
            ? Problems.Invalid(errors)
            : Written(await store.UpdateAnalysisAsync(id, request, Caller.From(http.User).Actor, cancellationToken));
    }

    private static async Task<Results<Ok<IncidentCommunication>, ValidationProblem, ProblemHttpResult>> Communicate(
        string id,
        SendCommunicationRequest request,
        IncidentStore store,
        IncidentTemplateFiles templates,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await store.GetAsync(id, cancellationToken) is not { } incident)
        {
            return Problems.NotFound($"Incident '{id}' does not exist.");
        }

        var severity = SeverityNames.Parse(incident.Severity);
        var context = new CommunicationContext(
            incident.Id, incident.Agents[0], severity, incident.Status, incident.Title, request.Impact, request.CurrentAction, incident.Commander,
            request.EstimatedResolution, SeverityPolicy.Defaults[severity].UpdateCadence, request.Feature, request.Workaround);
        var (subjectTemplate, bodyTemplate, path) = await templates.LoadAsync(request.Channel, cancellationToken);
        string? subject;
        string body;
        try
        {
            var values = context.ToTemplateValues();
            subject = subjectTemplate is null ? null : TemplateRenderer.Render(subjectTemplate, values);
            body = TemplateRenderer.Render(bodyTemplate, values);
        }
        catch (FormatException ex)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError, title: "The message template is broken.", detail: $"{path}: {ex.Message}");
        }

        return Written(await store.RecordCommunicationAsync(
            id, request.Channel, subject, body, request.EstimatedResolution, Caller.From(http.User).Actor, cancellationToken));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Postmortem(
        string id, IncidentStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await IncidentPostmortem.BuildAsync(id, store, time, cancellationToken) is { } document
            ? TypedResults.Text(PostmortemRenderer.ToMarkdown(document), "text/markdown", Encoding.UTF8)
            : Problems.NotFound($"Incident '{id}' does not exist.");

    private static async Task<Results<Ok<IncidentDetail>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        string id, string? format, IncidentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "markdown"))
        {
            var errors = new ValidationErrors();
            errors.Add("format", "must be json or markdown");
            return Problems.Invalid(errors);
        }

        if (format == "markdown")
        {
            return await IncidentPostmortem.BuildAsync(id, store, time, cancellationToken) is { } document
                ? TypedResults.Text(
                    IncidentPostmortem.Export(document, await store.GetCommunicationsAsync(id, cancellationToken)), "text/markdown", Encoding.UTF8)
                : Problems.NotFound($"Incident '{id}' does not exist.");
        }

        return await Detail(id, store, time, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.NotFound($"Incident '{id}' does not exist.");
    }

    private static async Task<Results<Ok<IReadOnlyList<IncidentActionItem>>, ProblemHttpResult>> ListActionItems(
        string id, IncidentStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is null
            ? Problems.NotFound($"Incident '{id}' does not exist.")
            : TypedResults.Ok(await store.GetActionItemsAsync(id, cancellationToken));

    private static async Task<Results<Ok<IncidentActionItem>, ValidationProblem, ProblemHttpResult>> AddActionItem(
        string id, ActionItemRequest request, IncidentStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        return !errors.IsValid
            ? Problems.Invalid(errors)
            : Written(await store.AddActionItemAsync(id, request, Caller.From(http.User).Actor, cancellationToken));
    }

    private static async Task<Results<Ok<IncidentActionItem>, ValidationProblem, ProblemHttpResult>> UpdateActionItem(
        string id, int number, ActionItemRequest request, IncidentStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = IncidentValidator.Validate(request);
        return !errors.IsValid
            ? Problems.Invalid(errors)
            : Written(await store.UpdateActionItemAsync(id, number, request, Caller.From(http.User).Actor, cancellationToken));
    }

    private static async Task<Results<Ok<IncidentActionItem>, ProblemHttpResult>> DeleteActionItem(
        string id, int number, IncidentStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await store.DeleteActionItemAsync(id, number, Caller.From(http.User).Actor, cancellationToken);
        return result.Status == WriteStatus.Created ? TypedResults.Ok(result.Value!) : Problems.Refused(result);
    }

    private static async Task<Results<Ok<IncidentMetricsReport>, ValidationProblem>> Metrics(
        IncidentStore store, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start >= end)
        {
            var errors = new ValidationErrors();
            errors.Add("from", "must be before to");
            return Problems.Invalid(errors);
        }

        var incidents = await store.ListAsync(new IncidentQuery(From: start, To: end, Limit: int.MaxValue), cancellationToken);
        var summaries = incidents.Select(i => new IncidentSummary(
            i.Id, i.Agents[0], SeverityNames.Parse(i.Severity), i.FailureClass, i.Tool, i.Milestones)).ToList();
        return TypedResults.Ok(new IncidentMetricsReport(
            start,
            end,
            IncidentMetrics.Summarize(summaries),
            IncidentMetrics.ByAgent(summaries),
            IncidentMetrics.BySeverity(summaries).ToDictionary(p => SeverityNames.ToSevName(p.Key), p => p.Value, StringComparer.Ordinal),
            IncidentMetrics.ByFailureClass(summaries).ToDictionary(p => FailureClassNames.Format(p.Key), p => p.Value, StringComparer.Ordinal),
            IncidentMetrics.FindRecurrences(summaries)));
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDelivery>>, ValidationProblem>> Deliveries(
        WebhookDeliveryStore deliveries, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, out var size, out var invalidLimit))
        {
            return Problems.Invalid(invalidLimit);
        }

        return TypedResults.Ok(await deliveries.ListAsync(size, cancellationToken));
    }

    private static async Task<IncidentDetail?> Detail(string id, IncidentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } incident)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var policy = SeverityPolicy.Defaults[SeverityNames.Parse(incident.Severity)];
        var deadlines = new IncidentDeadlines(
            UpdateCadence.NextUpdate(policy, incident.Status, incident.LastUpdateAt, now),
            // Closing an incident is the act of accepting its postmortem, so the closing time counts as its publication.
            PostmortemDeadline.Evaluate(policy, incident.Milestones.Resolved, incident.ClosedAt, now));
        return new IncidentDetail(
            incident,
            deadlines,
            await store.GetTimelineAsync(id, cancellationToken),
            await store.GetActionItemsAsync(id, cancellationToken),
            await store.GetCommunicationsAsync(id, cancellationToken));
    }

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Written<T>(WriteResult<T> result) =>
        result.Status == WriteStatus.Created ? TypedResults.Ok(result.Value!) : Problems.Refused(result);
}
