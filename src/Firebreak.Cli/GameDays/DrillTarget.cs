using System.Net.Http.Json;
using System.Text.Json;

namespace Firebreak.Cli.GameDays;

/// <summary>
/// The application a drilled agent works from, through the drill target contract of docs/gamedays.md: queue work
/// items, plant a document, quarantine a source. What a work item is (a ticket, an order, a job) is the target's own.
/// </summary>
internal sealed class DrillTarget(HttpClient target)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues <paramref name="count"/> work items whose ids start with <paramref name="prefix"/>.</summary>
    /// <exception cref="GameDayException">The target refused the work.</exception>
    public Task QueueAsync(string prefix, int count, CancellationToken cancellationToken) =>
        PostAsync("drill/work", new { prefix, count }, cancellationToken);

    /// <summary>Plants <paramref name="document"/> under <paramref name="source"/> where the agent retrieves from.</summary>
    /// <exception cref="GameDayException">The target refused the document.</exception>
    public Task PlantAsync(string source, DrillDocument document, CancellationToken cancellationToken) =>
        PostAsync("drill/documents", new { source, document.Title, document.Text, document.Topics }, cancellationToken);

    /// <summary>Quarantines a source, so the agent never retrieves from it again.</summary>
    /// <exception cref="GameDayException">The target refused.</exception>
    public Task QuarantineAsync(string source, CancellationToken cancellationToken) =>
        PostAsync($"drill/sources/{Uri.EscapeDataString(source)}/quarantine", new { }, cancellationToken);

    private async Task PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await target.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new GameDayException($"the drill target at {target.BaseAddress} answered {(int)response.StatusCode} to POST /{path}: {detail}");
        }
    }
}
