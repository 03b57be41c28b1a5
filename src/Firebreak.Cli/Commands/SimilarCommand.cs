using System.CommandLine;
using Firebreak.Cli.Rendering;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak similar &lt;run-id&gt; [--limit N]</c>: the runs that failed the same way, with the incidents they belong to.</summary>
internal static class SimilarCommand
{
    public const int MaxLimit = 100;

    public static Command Create(CliContext context)
    {
        var run = IdArgument.Create("run", "The run to compare with.");
        var limit = new Option<int>("--limit") { Description = $"At most this many runs (1 to {MaxLimit}).", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxLimit)
            {
                result.AddError($"--limit must be between 1 and {MaxLimit}");
            }
        });
        var similar = new Command("similar", "List the runs whose failure signature equals or comes closest to a run's, and their incidents.") { run, limit };
        similar.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                SimilarRenderer.Render(context.Console, await client.GetSimilarRunsAsync(parseResult.GetRequiredValue(run), parseResult.GetValue(limit), ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return similar;
    }
}
