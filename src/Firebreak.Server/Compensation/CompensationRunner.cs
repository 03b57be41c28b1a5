using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Firebreak.Compensation;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Firebreak.Server.Outbound;
using Firebreak.Server.Registry;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Compensation;

/// <summary>
/// Executes approved compensation runs, and on start resumes every run that was executing when the process stopped.
/// Per item: <c>started</c> is committed, then the compensator is called with the item's derived idempotency key, then
/// <c>done</c> or the error is committed. A crash between the two commits repeats the call with the same key, which the
/// compensator answers as a repeat, so each planned compensation takes effect exactly once. Calls go through the
/// outbound guard (<see cref="OutboundPolicy"/>): allowed hosts only, no redirects; a refused call fails its item at once.
/// Only the start of a response is read, and an error keeps at most <see cref="MaxErrorChars"/> characters of it, never
/// its headers.
/// </summary>
internal sealed partial class CompensationRunner(
    CompensationStore store,
    LedgerStore ledger,
    RegistryStore registry,
    IHttpClientFactory httpClients,
    OutboundPolicy outbound,
    IOptions<CompensationOptions> options,
    TimeProvider time,
    ILogger<CompensationRunner> logger) : BackgroundService
{
    public const string HttpClientName = "Firebreak.Compensation";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The most characters of an error (status, reason and the start of the body) stored on an item or hook.</summary>
    public const int MaxErrorChars = 512;

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    /// <summary>Queues a run that has just moved to executing.</summary>
    public void Enqueue(string runId) => _queue.Writer.TryWrite(runId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var id in await store.ListExecutingAsync(stoppingToken))
        {
            LogResuming(logger, id);
            Enqueue(id);
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The run stays executing: the next start resumes it from its stored item states.
                LogRunFailed(logger, id, e);
            }
        }
    }

    private async Task RunAsync(string runId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(runId, cancellationToken) is not { Status: CompensationRunStatus.Executing } run)
        {
            return;
        }

        var pending = (await store.ListItemsAsync(runId, cancellationToken))
            .Where(i => i.State is CompensationItemState.Planned or CompensationItemState.Started)
            .ToList();
        var tools = new Dictionary<(string Agent, string Tool), ToolDefinition?>();
        foreach (var item in pending)
        {
            if (!tools.ContainsKey((item.AgentId, item.Tool)))
            {
                tools[(item.AgentId, item.Tool)] = (await registry.GetAsync(item.AgentId, cancellationToken))?.Tools.FirstOrDefault(t => t.Name == item.Tool);
            }
        }

        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, run.RatePerSecond / 10),
            TokensPerPeriod = Math.Max(1, run.RatePerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        await Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = run.MaxConcurrency, CancellationToken = cancellationToken },
            async (item, ct) => await CompensateAsync(run, item, tools[(item.AgentId, item.Tool)], limiter, ct));
        await AwaitInProcessAsync(runId, cancellationToken);
        foreach (var hook in await store.ListHooksAsync(runId, cancellationToken))
        {
            if (hook.State is CompensationItemState.Planned or CompensationItemState.Started)
            {
                await CallHookAsync(run, hook, cancellationToken);
            }
        }

        // Every item and hook has ended, so the detail read now is the one the run completes with.
        TimelineAct? completed = null;
        if (run.IncidentId is { } incident)
        {
            var detail = (await store.GetDetailAsync(runId, cancellationToken))!;
            var progress = detail.Run.Progress;
            completed = new TimelineAct(
                incident,
                TimelineKind.Compensation,
                "compensation",
                $"Compensation run {runId} completed: {progress.Done} done, {progress.Failed} failed, {progress.Skipped} skipped; integrity: {detail.Integrity.Verified}/{detail.Integrity.Checked} verified, {detail.Integrity.Mismatches.Count} mismatches.",
                new { runId, progress, integrity = detail.Integrity, failed = detail.Failed.Select(f => new { f.ActionSeq, f.Tool, f.Error }) });
        }

        await store.FinishAsync(runId, completed, cancellationToken);

        LogRunCompleted(logger, runId);
    }

    /// <summary>
    /// Waits until the agent's processes have reported every in-process item of the run; items nobody reports within
    /// <see cref="CompensationOptions.InProcessTimeout"/> of being dispatched end <c>failed</c>.
    /// </summary>
    private async Task AwaitInProcessAsync(string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var waiting = (await store.ListItemsAsync(runId, cancellationToken))
                .Where(i => i.Kind == CompensationKind.InProcess && i.State == CompensationItemState.Started)
                .ToList();
            if (waiting.Count == 0)
            {
                return;
            }

            foreach (var item in waiting.Where(i => time.GetUtcNow() - i.UpdatedAt > options.Value.InProcessTimeout))
            {
                await store.MarkErrorAsync(item.ActionSeq, $"no process of agent '{item.AgentId}' with a compensator for {item.Tool} reported within {options.Value.InProcessTimeout}", final: true, cancellationToken);
            }

            await Task.Delay(options.Value.InProcessPollInterval, time, cancellationToken);
        }
    }

    private async Task CompensateAsync(CompensationRun run, CompensationItem item, ToolDefinition? tool, RateLimiter limiter, CancellationToken cancellationToken)
    {
        if (item.Kind == CompensationKind.InProcess)
        {
            // Handed to the agent's processes: they pick it up while it is started and report it done or failed.
            if (item.State == CompensationItemState.Planned)
            {
                await store.MarkStartedAsync(item.ActionSeq, cancellationToken);
            }

            return;
        }

        if (item.Kind == CompensationKind.Mitigation)
        {
            await store.CreateMitigationAsync(run.Id, item, tool?.Compensation?.Mitigation?.Owner ?? "unassigned", run.IncidentId, cancellationToken);
            await store.MarkDoneAsync(item.ActionSeq, verified: null, detail: null, cancellationToken);
            return;
        }

        var action = await ledger.GetActionAsync(item.AgentId, item.IdempotencyKey, cancellationToken);
        var attempts = item.Attempts;
        while (true)
        {
            using (var lease = await limiter.AcquireAsync(1, cancellationToken))
            {
                await store.MarkStartedAsync(item.ActionSeq, cancellationToken);
                attempts++;
                var (ok, retry, error) = await CallAsync(item, action, cancellationToken);
                if (ok)
                {
                    var (verified, detail) = await VerifyAsync(tool?.Compensation?.Http, action, cancellationToken);
                    await store.MarkDoneAsync(item.ActionSeq, verified, detail, cancellationToken);
                    return;
                }

                var final = !retry || attempts >= options.Value.MaxAttempts;
                await store.MarkErrorAsync(item.ActionSeq, error!, final, cancellationToken);
                if (final)
                {
                    LogItemFailed(logger, run.Id, item.ActionSeq, error!);
                    return;
                }
            }

            var backoff = options.Value.RetryBackoff * Math.Pow(2, Math.Min(attempts - 1, 16));
            await Task.Delay(backoff < options.Value.MaxRetryBackoff ? backoff : options.Value.MaxRetryBackoff, time, cancellationToken);
        }
    }

    /// <summary>
    /// Calls a memory purge or knowledge quarantine hook once, recorded as an action of the agent in a ledger run named
    /// after the compensation run: the action is recorded <c>pending</c> and the hook <c>started</c> before the call, and
    /// both are completed after it, all under the hook's key, so a crash in between repeats the call with the same key.
    /// </summary>
    private async Task CallHookAsync(CompensationRun run, CompensationHook hook, CancellationToken cancellationToken)
    {
        var ledgerRun = $"{run.Id}:{hook.AgentId}";
        await ledger.StartRunAsync(new StartRunRequest(hook.AgentId, ledgerRun, CorrelationId: run.Id), cancellationToken);
        var arguments = JsonSerializer.SerializeToElement(
            hook.Kind == CompensationHookKind.MemoryPurge
                ? new HookBody(hook.AgentId, Since: hook.Since, Until: hook.Until)
                : new HookBody(hook.AgentId, Source: hook.Source),
            FirebreakJson.Options);
        var recorded = await ledger.RecordActionAsync(
            new RecordActionRequest(hook.AgentId, hook.HookKey, hook.Tool, arguments, ActionOutcome.Pending, ledgerRun, Entities: hook.Entities),
            cancellationToken);
        if (recorded.Value is { } action)
        {
            await store.SetHookActionAsync(run.Id, hook.Ordinal, action.Seq, cancellationToken);
        }

        var attempts = hook.Attempts;
        while (true)
        {
            await store.MarkHookStartedAsync(run.Id, hook.Ordinal, cancellationToken);
            attempts++;
            var (ok, retry, error, body) = await PostAsync(hook.Target, arguments, hook.HookKey, cancellationToken);
            if (ok)
            {
                await ledger.CompleteActionAsync(new CompleteActionRequest(hook.AgentId, hook.HookKey, ActionOutcome.Executed, body), cancellationToken);
                var (verified, detail) = await VerifyHookAsync(hook, cancellationToken);
                await store.MarkHookDoneAsync(
                    run.Id, hook.Ordinal, verified, detail, Entry(run, hook, $"{Describe(hook)} done{(verified == false ? $"; verification: {detail}" : string.Empty)}."), cancellationToken);
                break;
            }

            var final = !retry || attempts >= options.Value.MaxAttempts;
            await store.MarkHookErrorAsync(run.Id, hook.Ordinal, error!, final, final ? Entry(run, hook, $"{Describe(hook)} failed: {error}") : null, cancellationToken);
            if (final)
            {
                LogHookFailed(logger, run.Id, hook.Tool, error!);
                await ledger.CompleteActionAsync(new CompleteActionRequest(hook.AgentId, hook.HookKey, ActionOutcome.Failed, Error: error), cancellationToken);
                break;
            }

            var backoff = options.Value.RetryBackoff * Math.Pow(2, Math.Min(attempts - 1, 16));
            await Task.Delay(backoff < options.Value.MaxRetryBackoff ? backoff : options.Value.MaxRetryBackoff, time, cancellationToken);
        }

        await ledger.EndRunAsync(ledgerRun, new EndRunRequest(RunStatus.Completed), cancellationToken);
    }

    private static string Describe(CompensationHook hook) => hook.Kind == CompensationHookKind.MemoryPurge
        ? $"Memory of {hook.AgentId} written in [{hook.Since:O}, {hook.Until:O}) purge"
        : $"Knowledge source {hook.Source} of {hook.AgentId} quarantine";

    private static TimelineAct? Entry(CompensationRun run, CompensationHook hook, string text) =>
        run.IncidentId is { } incident
            ? new TimelineAct(incident, TimelineKind.Compensation, "compensation", text, new { runId = run.Id, hook.Tool, hook.HookKey, hook.Source, hook.Since, hook.Until })
            : null;

    private async Task<(bool? Verified, string? Detail)> VerifyHookAsync(CompensationHook hook, CancellationToken cancellationToken)
    {
        var agent = await registry.GetAsync(hook.AgentId, cancellationToken);
        var http = hook.Kind == CompensationHookKind.MemoryPurge ? agent?.Memory?.Purge : agent?.Memory?.Quarantine;
        if (http?.VerifyUrl is not { } template || http.VerifyField is not { } field)
        {
            return (null, null);
        }

        var endpoints = options.Value.Endpoints;
        if (!CompensationHookPlanner.TryExpand(template, hook, endpoints, out var url, out var error))
        {
            return (false, error);
        }

        var expected = http.VerifyEquals is { } equals && CompensationHookPlanner.TryExpand(equals, hook, endpoints, out var value, out _) ? value : "*";
        return await ReadBackAsync(url, field, expected, cancellationToken);
    }

    private async Task<(bool Ok, bool Retry, string? Error)> CallAsync(CompensationItem item, Firebreak.Ledger.ActionRecord? action, CancellationToken cancellationToken)
    {
        var (ok, retry, error, _) = await PostAsync(item.Target!, action, item.CompensationKey, cancellationToken);
        return (ok, retry, error);
    }

    private async Task<(bool Ok, bool Retry, string? Error, JsonElement? Body)> PostAsync<T>(string target, T payload, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.CallTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent.Create(payload, options: FirebreakJson.Options) };
            request.Headers.Add(IdempotencyKeyHeader, key);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                var (bytes, truncated) = await BoundedContent.ReadAsync(response.Content, outbound.MaxResponseBytes, timeout.Token);
                return (true, false, null, Parse(bytes, truncated));
            }

            var body = await BoundedContent.ReadPrefixAsync(response.Content, MaxErrorChars, timeout.Token);
            var text = BoundedContent.Cut($"{(int)response.StatusCode} {response.ReasonPhrase}: {body}", MaxErrorChars);

            // Client errors will not change on retry, except being told to slow down or wait.
            var retry = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
            return (false, retry, text, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A refused call stays refused: the allow-list and the addresses do not change between attempts.
            return (false, e.InnerException is not OutboundRefusedException, BoundedContent.Cut(Describe(e), MaxErrorChars), null);
        }
    }

    private static string Describe(Exception e) => e.InnerException is OutboundRefusedException refused ? refused.Message : e.Message;

    private static JsonElement? Parse(byte[] body, bool truncated)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            if (!truncated)
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Not JSON: kept as the start of its text, below.
        }

        return JsonSerializer.SerializeToElement(BoundedContent.Cut(System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 2048))), 500, truncated));
    }

    private async Task<(bool? Verified, string? Detail)> VerifyAsync(HttpCompensator? http, Firebreak.Ledger.ActionRecord? action, CancellationToken cancellationToken)
    {
        if (http?.VerifyUrl is not { } template || http.VerifyField is not { } field || action is null)
        {
            return (null, null);
        }

        var endpoints = options.Value.Endpoints;
        if (!CompensationTemplate.TryExpand(template, action, endpoints, out var url, out var error))
        {
            return (false, error);
        }

        var expected = http.VerifyEquals is { } equals && CompensationTemplate.TryExpand(equals, action, endpoints, out var value, out _) ? value : "*";
        return await ReadBackAsync(url, field, expected, cancellationToken);
    }

    /// <summary>
    /// GETs <paramref name="url"/> and compares the field at <paramref name="field"/> with <paramref name="expected"/> (<c>*</c>:
    /// present). At most <see cref="OutboundOptions.MaxResponseBytes"/> of the response are read, and only that field is kept.
    /// </summary>
    private async Task<(bool? Verified, string? Detail)> ReadBackAsync(string url, string field, string expected, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.CallTimeout);
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (false, BoundedContent.Cut($"GET {url} answered {(int)response.StatusCode}", MaxErrorChars));
            }

            var (body, truncated) = await BoundedContent.ReadAsync(response.Content, outbound.MaxResponseBytes, timeout.Token);
            if (truncated)
            {
                return (false, $"verification failed: the response is larger than {outbound.MaxResponseBytes} bytes");
            }

            using var document = JsonDocument.Parse(body);
            var actual = CompensationTemplate.ReadField(document.RootElement, field);
            var matches = expected == "*" ? actual is not null : string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
            return matches ? (true, null) : (false, BoundedContent.Cut($"{field} is {(actual is null ? "missing" : BoundedContent.Cut(actual, 100))}, expected {expected}", MaxErrorChars));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, BoundedContent.Cut($"verification failed: {Describe(e)}", MaxErrorChars));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming compensation run {RunId}")]
    private static partial void LogResuming(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compensation run {RunId} completed")]
    private static partial void LogRunCompleted(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compensation of action {ActionSeq} in run {RunId} failed: {Error}")]
    private static partial void LogItemFailed(ILogger logger, string runId, long actionSeq, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hook {Tool} in compensation run {RunId} failed: {Error}")]
    private static partial void LogHookFailed(ILogger logger, string runId, string tool, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Compensation run {RunId} stopped; it resumes on the next start")]
    private static partial void LogRunFailed(ILogger logger, string runId, Exception exception);
}
