using System.CommandLine;
using System.Net;
using Firebreak.Cli.Rendering;
using Firebreak.Client;
using Firebreak.Ledger;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak trace &lt;run-id|correlation-id&gt;</c>: the decision trace of a run, or of every run sharing a correlation id.</summary>
internal static class TraceCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdArgument.Create("id", "A run id, or a correlation id to show every run that shares it.");
        var trace = new Command("trace", "Show the decision trace of a run or a correlation id.") { id };
        trace.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var value = parseResult.GetRequiredValue(id);
                TraceRenderer.Render(context.Console, await FetchAsync(client, value, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return trace;
    }

    private static async Task<IReadOnlyList<DecisionTrace>> FetchAsync(FirebreakClient client, string id, CancellationToken cancellationToken)
    {
        try
        {
            return [await client.GetTraceAsync(id, cancellationToken)];
        }
        catch (FirebreakApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            var traces = await client.GetTracesByCorrelationAsync(id, cancellationToken);
            return traces.Count > 0
                ? traces
                : throw new FirebreakApiException(HttpStatusCode.NotFound, "Not Found", $"no run and no correlation id '{id}'");
        }
    }
}
