using System.CommandLine;
using Firebreak.Client;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Guarding;
using SupportDesk.Agent.Model;
using SupportDesk.Agent.Processing;
using SupportDesk.Agent.Releases;

namespace SupportDesk.Agent;

/// <summary>The <c>SupportDesk.Agent</c> command line, runnable in-process so tests drive it against a real backend.</summary>
public static class AgentCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <returns>0 on success, 1 on a usage error, 2 when the backend refused or could not be reached, 3 when Firebreak did, 4 when a replayed regression case failed.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var backend = new Option<Uri>("--backend")
        {
            Description = "The SupportDesk backend's base URL.",
            DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
            CustomParser = ParseAbsoluteUri,
            Recursive = true,
        };
        var behaviour = new Option<AgentBehaviour>("--behaviour")
        {
            Description = "normal, or faulty: the incident's prompt, which refunds 40 USD on every ticket.",
            DefaultValueFactory = _ => AgentBehaviour.Normal,
            Recursive = true,
        };
        var endpoint = new Option<Uri?>("--openai-endpoint")
        {
            Description = "Use the model behind this OpenAI-compatible endpoint instead of the scripted one (API key from OPENAI_API_KEY).",
            CustomParser = ParseAbsoluteUri,
            Recursive = true,
        };
        var model = new Option<string>("--model")
        {
            Description = "The model id at --openai-endpoint.",
            DefaultValueFactory = _ => "gpt-4o-mini",
            Recursive = true,
        };
        var firebreak = new Option<Uri?>("--firebreak")
        {
            Description = "Run under the Firebreak guard of the server at this URL; without it the agent runs unguarded.",
            CustomParser = ParseAbsoluteUri,
            Recursive = true,
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "The Firebreak API key (default: FIREBREAK_API_KEY).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FIREBREAK_API_KEY"),
            Recursive = true,
        };
        var agentId = new Option<string>("--agent-id")
        {
            Description = "The agent id registered in Firebreak.",
            DefaultValueFactory = _ => "support",
            Recursive = true,
        };
        var tickets = new Option<int>("--tickets") { Description = "How many tickets to take from the queue.", Required = true };
        var delay = new Option<int>("--delay-ms") { Description = "Pause between tickets, in milliseconds.", DefaultValueFactory = _ => 500 };
        var follow = new Option<bool>("--follow")
        {
            Description = "Under Firebreak: after taking the tickets, keep running the held tickets an operator releases until stopped (Ctrl-C).",
        };

        var process = new Command("process", "Take tickets from the backend queue and handle each as one agent run.") { tickets, delay, follow };
        process.SetAction(async (parseResult, ct) =>
        {
            using var http = new HttpClient { BaseAddress = parseResult.GetRequiredValue(backend), Timeout = TimeSpan.FromSeconds(30) };
            var desk = new DeskClient(http);
            var modelSettings = new ModelSettings(
                parseResult.GetValue(endpoint),
                parseResult.GetRequiredValue(model),
                Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
            using var chat = ChatClientFactory.Create(modelSettings);
            var prompt = SupportPrompts.For(parseResult.GetValue(behaviour));
            var count = parseResult.GetValue(tickets);
            var pause = TimeSpan.FromMilliseconds(parseResult.GetValue(delay));
            try
            {
                if (parseResult.GetValue(firebreak) is not { } server)
                {
                    await new TicketProcessor(new SupportAgent(chat, desk, prompt), desk, TimeProvider.System, output).ProcessAsync(count, pause, ct).ConfigureAwait(false);
                    return 0;
                }

                var settings = new GuardSettings(server, parseResult.GetValue(apiKey), parseResult.GetRequiredValue(agentId));
                var runner = await GuardedTicketRunner.StartAsync(settings, chat, modelSettings, desk, prompt, output, ct).ConfigureAwait(false);
                await using (runner.ConfigureAwait(false))
                {
                    await output.WriteLineAsync($"guarded by Firebreak at {server} as agent {settings.AgentId}, enforcement point {runner.Guard.PointId}").ConfigureAwait(false);
                    var processor = new TicketProcessor(runner, desk, TimeProvider.System, output, runner.ReadReleasedAsync(ct));
                    await processor.ProcessAsync(count, pause, parseResult.GetValue(follow), ct).ConfigureAwait(false);
                    return 0;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C: the guard above has flushed its records on the way out.
                await output.WriteLineAsync("stopped").ConfigureAwait(false);
                return 0;
            }
            catch (FirebreakApiException e)
            {
                await error.WriteLineAsync($"firebreak: {e.Message}").ConfigureAwait(false);
                return 3;
            }
            catch (Exception e) when (e is DeskRequestException or HttpRequestException)
            {
                await error.WriteLineAsync($"backend: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });

        var release = new Option<string>("--release") { Description = "The release to replay the regression cases against (id or prefix).", Required = true };
        var replay = new Command("replay", "Replay the agent's regression cases against a release, tools stubbed from the recorded responses, and report the results to Firebreak (with a ci key for the agent or an operator key; the agent's own key is refused).") { release };
        replay.SetAction(async (parseResult, ct) =>
        {
            if (parseResult.GetValue(firebreak) is not { } server)
            {
                await error.WriteLineAsync("replay needs --firebreak: the cases and the release live there.").ConfigureAwait(false);
                return 1;
            }

            var modelSettings = new ModelSettings(parseResult.GetValue(endpoint), parseResult.GetRequiredValue(model), Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
            using var client = FirebreakClient.Create(server, parseResult.GetValue(apiKey));

            // The tools are stubbed, so the backend is never called; the desk client only gives them their shape.
            using var http = new HttpClient { BaseAddress = parseResult.GetRequiredValue(backend) };
            try
            {
                var outcomes = await ReleaseReplay.RunAsync(client, parseResult.GetRequiredValue(agentId), parseResult.GetRequiredValue(release), new DeskClient(http), modelSettings, ct).ConfigureAwait(false);
                foreach (var outcome in outcomes)
                {
                    var verdict = outcome.Passed ? "pass" : "FAIL";
                    await output.WriteLineAsync($"{verdict} {outcome.Case.Id} {outcome.Case.Name} on {Firebreak.Releases.Release.Abbreviate(outcome.ReleaseId)}{(outcome.Passed ? string.Empty : ": " + string.Join("; ", outcome.Failures()))}").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"{outcomes.Count(o => o.Passed)} of {outcomes.Count} case(s) passed").ConfigureAwait(false);
                return outcomes.All(o => o.Passed) ? 0 : 4;
            }
            catch (FirebreakApiException e)
            {
                await error.WriteLineAsync($"firebreak: {e.Message}").ConfigureAwait(false);
                return 3;
            }
        });

        var root = new RootCommand("The SupportDesk sample agent.") { backend, behaviour, endpoint, model, firebreak, apiKey, agentId, process, replay };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync(string.Join("; ", parsed.Errors.Select(e => e.Message))).ConfigureAwait(false);
            return 1;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }

    // System.CommandLine has no built-in Uri parser; this reports a bad URL as a parse error instead of a crash.
    private static Uri ParseAbsoluteUri(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        result.AddError($"'{text}' is not an absolute URL.");
        return null!;
    }
}
