using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Microsoft.Extensions.AI;

namespace Firebreak.Client;

/// <summary>
/// Records every model call of a run as a <c>model_call</c> step of its decision trace: the model id, input and output
/// tokens and the call's duration, <c>{ "model", "inputTokens", "outputTokens", "durationMs" }</c>, which the
/// cost-runaway detectors read. Calls outside a run (when <c>currentRun</c> gives none) are not recorded. A step that
/// cannot be recorded does not fail the model call: <see cref="RecordingFailed"/> reports it.
/// </summary>
/// <param name="innerClient">The model.</param>
/// <param name="firebreak">The client the steps are recorded with.</param>
/// <param name="currentRun">The run the current call belongs to, such as an async local set when the run starts.</param>
public sealed class FirebreakChatClient(IChatClient innerClient, FirebreakClient firebreak, Func<FirebreakRunContext?> currentRun)
    : DelegatingChatClient(innerClient)
{
    /// <summary>Raised when a step could not be recorded (the server was unreachable or refused it).</summary>
    public event EventHandler<Exception>? RecordingFailed;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var run = currentRun();
        var started = Stopwatch.GetTimestamp();
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (run is not null)
        {
            await RecordAsync(run, response.ModelId ?? options?.ModelId, response.Usage, Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var run = currentRun();
        var started = Stopwatch.GetTimestamp();
        string? model = null;
        var usage = new UsageDetails();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            model ??= update.ModelId;
            foreach (var content in update.Contents.OfType<UsageContent>())
            {
                usage.Add(content.Details);
            }

            yield return update;
        }

        if (run is not null)
        {
            await RecordAsync(run, model ?? options?.ModelId, usage, Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(FirebreakRunContext run, string? model, UsageDetails? usage, TimeSpan duration, CancellationToken cancellationToken)
    {
        model ??= (GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId;
        var data = JsonSerializer.SerializeToElement(new ModelCallData(
            model, usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, (long)duration.TotalMilliseconds), FirebreakJson.Options);
        try
        {
            await firebreak.AppendStepAsync(run.RunId, new AppendStepRequest(StepKind.ModelCall, model, data), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FirebreakApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            RecordingFailed?.Invoke(this, e);
        }
    }

    /// <summary>The data of a <c>model_call</c> step.</summary>
    private sealed record ModelCallData(string? Model, long InputTokens, long OutputTokens, long DurationMs);
}
