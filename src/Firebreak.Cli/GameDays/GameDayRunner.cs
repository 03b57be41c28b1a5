using System.Diagnostics;
using System.Globalization;
using Firebreak.Cli.Releases;
using Firebreak.Client;
using Firebreak.Control;
using Firebreak.Detection;
using Firebreak.GameDays;
using Firebreak.Ledger;
using Firebreak.Releases;
using Spectre.Console;

namespace Firebreak.Cli.GameDays;

/// <summary>
/// Runs one drill against a live agent through the API: prepares it (controls cleared, the good release active),
/// queues work on the drill target, injects the failure, watches the ledger, alerts, control changes and enforcement-point
/// confirmations until the failure is contained or the deadline passes, restores the agent, and measures.
/// </summary>
internal sealed class GameDayRunner(FirebreakClient client, DrillTarget target, IAnsiConsole console, GameDaySettings settings, TimeProvider time)
{
    /// <summary>How often enforcement points are polled while waiting for containment; bounds the error of the confirmation time.</summary>
    private static readonly TimeSpan PointPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>How often control changes, alerts and runs are polled.</summary>
    private static readonly TimeSpan SlowPoll = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan ConfirmationWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AgentWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(15);

    /// <summary>Lets the agent's outbox deliver the records of calls that finished around containment.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private const int Page = 500;

    private readonly List<string> _notes = [];
    private DateTimeOffset _injectedAt;

    private string Agent => settings.AgentId;

    public async Task<GameDayReport> RunAsync(Drill drill, CancellationToken cancellationToken)
    {
        var scenario = drill.Scenario;
        var startedAt = time.GetUtcNow();
        console.MarkupLine($"Game day [bold]{scenario.Name}[/] on agent [bold]{Markup.Escape(Agent)}[/]: {Markup.Escape(scenario.Title)}");
        var observations = scenario.Injection switch
        {
            GameDayInjection.ActivateRelease => await ReleaseDrillAsync(drill, startedAt, cancellationToken),
            GameDayInjection.PlantDocument => await DocumentDrillAsync(drill, startedAt, cancellationToken),
            GameDayInjection.OperatorKill => await KillSwitchDrillAsync(startedAt, cancellationToken),
            GameDayInjection.OperatorRollback => await RollbackDrillAsync(startedAt, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(drill), scenario.Injection, "Unknown injection."),
        };
        return GameDayMeasurer.Measure(scenario, observations);
    }

    private async Task<GameDayObservations> ReleaseDrillAsync(Drill drill, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var scenario = drill.Scenario;
        var good = await CreateReleaseAsync(drill.BaselineRelease!, cancellationToken);
        var bad = await CreateReleaseAsync(scenario.ReleaseFile!, cancellationToken);
        await ResetControlsAsync("prepare", cancellationToken);
        await EnsureActiveAsync(scenario, good, cancellationToken);
        await QueueAndWarmUpAsync(scenario.Name, cancellationToken);

        var injection = await client.ActivateReleaseAsync(
            Agent, new ActivateReleaseRequest(bad.Id, $"game day {scenario.Name}: inject {scenario.ReleaseFile}", OverrideGate: GateOverride(scenario.Name)), ConfirmationWait, cancellationToken);
        _injectedAt = injection.Activation.At;
        Note($"injected: activated {scenario.ReleaseFile} as release {Release.Abbreviate(bad.Id)} at epoch {injection.Activation.Epoch} ({injection.Confirmed} of {injection.Confirmations.Count} enforcement points confirmed)");

        var (containment, alerts) = await WatchAsync(scenario, cancellationToken);
        var endedAt = time.GetUtcNow();
        var (actions, runs) = await CollectAsync(containment, cancellationToken);
        containment = await ConfirmedByPlaybookAsync(containment, cancellationToken);
        var trace = await TraceFirstWrongAsync(scenario, actions, cancellationToken);

        // The good release first: an agent contained only partly (a revoked tool) must not be resumed on the bad one.
        await RestoreReleaseAsync(good, cancellationToken);
        await ResetControlsAsync("restore", cancellationToken);
        return new GameDayObservations(Agent, startedAt, _injectedAt, endedAt, settings.Queue, actions, runs, alerts, containment, trace, _notes);
    }

    /// <summary>
    /// Plants the drill's document, which carries an injected instruction, where the agent retrieves from. The agent's
    /// guardrails must keep it from acting; detection and a playbook must contain the agent.
    /// </summary>
    private async Task<GameDayObservations> DocumentDrillAsync(Drill drill, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var scenario = drill.Scenario;
        var document = drill.Document!;
        var good = await CreateReleaseAsync(drill.BaselineRelease!, cancellationToken);
        await ResetControlsAsync("prepare", cancellationToken);
        await EnsureActiveAsync(scenario, good, cancellationToken);
        await QueueAndWarmUpAsync(scenario.Name, cancellationToken);

        var source = string.Create(CultureInfo.InvariantCulture, $"{document.Source}-{time.GetUtcNow():yyyyMMddHHmmss}");
        _injectedAt = time.GetUtcNow();
        await target.PlantAsync(source, document, cancellationToken);
        Note($"injected: planted the document {source} ({document.Title}), retrieved for work about {string.Join(", ", document.Topics)}: {document.Text}");

        var (containment, alerts) = await WatchAsync(scenario, cancellationToken);
        var endedAt = time.GetUtcNow();
        var (actions, runs) = await CollectAsync(containment, cancellationToken);
        containment = await ConfirmedByPlaybookAsync(containment, cancellationToken);
        var trace = await TraceFirstWrongAsync(scenario, actions, cancellationToken);

        // The poisoned source first: resuming an agent that can still retrieve it would restart the attack.
        await target.QuarantineAsync(source, cancellationToken);
        Note($"restored: quarantined {source}");
        await ResetControlsAsync("restore", cancellationToken);
        return new GameDayObservations(Agent, startedAt, _injectedAt, endedAt, settings.Queue, actions, runs, alerts, containment, trace, _notes);
    }

    private async Task<GameDayObservations> KillSwitchDrillAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await ResetControlsAsync("prepare", cancellationToken);
        if (settings.Queue > 0)
        {
            await QueueAndWarmUpAsync(OperatorDrills.KillSwitchName, cancellationToken);
        }

        var result = await client.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "game day kill-switch: timing the kill switch", ControlMode.Killed, AgentId: Agent), ConfirmationWait, cancellationToken);
        _injectedAt = result.Change.At;
        var containment = GameDayContainment.FromConfirmations(
            result.Change.Actor, $"killed on agent:{Agent}", result.Epoch, result.Change.At, [.. result.Confirmations.Where(c => c.AgentId == Agent)]);
        Note($"killed the agent at epoch {result.Epoch}: {containment.PointsConfirmed} of {containment.Points} enforcement points confirmed");
        Progress(containment.ConfirmedAt is null ? "[red]not every enforcement point confirmed the kill[/]" : "every enforcement point confirmed the kill", containment.ConfirmedAt);
        var (_, runs) = await CollectAsync(containment, cancellationToken);
        await ResetControlsAsync("restore", cancellationToken);
        return new GameDayObservations(Agent, startedAt, _injectedAt, time.GetUtcNow(), settings.Queue, [], runs, [], containment, null, _notes);
    }

    private async Task<GameDayObservations> RollbackDrillAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var state = await client.GetReleaseStateAsync(Agent, cancellationToken);
        if (state.ActiveReleaseId is not { } active || state.LastKnownGoodReleaseId is not { } good || active == good)
        {
            Note("no rollback: the agent needs an active release and a different last-known-good one to roll back to");
            _injectedAt = time.GetUtcNow();
            return new GameDayObservations(Agent, startedAt, _injectedAt, _injectedAt, 0, [], [], [], null, null, _notes);
        }

        var result = await client.RollbackReleaseAsync(Agent, new RollbackRequest("game day rollback: timing the rollback"), ConfirmationWait, cancellationToken);
        _injectedAt = result.Activation.At;
        var containment = GameDayContainment.FromConfirmations(
            result.Activation.Actor, $"rolled back to {Release.Abbreviate(good)}", result.Activation.Epoch, result.Activation.At, [.. result.Confirmations.Where(c => c.AgentId == Agent)]);
        Note($"rolled back from {Release.Abbreviate(active)} to {Release.Abbreviate(good)} at epoch {result.Activation.Epoch}: {containment.PointsConfirmed} of {containment.Points} enforcement points confirmed");
        Progress(containment.ConfirmedAt is null ? "[red]not every enforcement point confirmed the rollback[/]" : "every enforcement point runs the last-known-good release", containment.ConfirmedAt);
        var endedAt = time.GetUtcNow();
        var restored = await client.ActivateReleaseAsync(Agent, new ActivateReleaseRequest(active, "game day rollback: back to the release before the drill", OverrideGate: GateOverride(OperatorDrills.RollbackName)), ConfirmationWait, cancellationToken);
        Note($"restored: activated {Release.Abbreviate(active)} again ({restored.Confirmed} of {restored.Confirmations.Count} enforcement points confirmed)");
        return new GameDayObservations(Agent, startedAt, _injectedAt, endedAt, 0, [], [], [], containment, null, _notes);
    }

    private async Task EnsureActiveAsync(GameDayScenario scenario, Release good, CancellationToken cancellationToken)
    {
        var state = await client.GetReleaseStateAsync(Agent, cancellationToken);
        if (state.ActiveReleaseId != good.Id)
        {
            var activated = await client.ActivateReleaseAsync(Agent, new ActivateReleaseRequest(good.Id, $"game day {scenario.Name}: prepare on the good release", OverrideGate: GateOverride(scenario.Name)), ConfirmationWait, cancellationToken);
            Note($"prepared: activated the good release {Release.Abbreviate(good.Id)} ({activated.Confirmed} of {activated.Confirmations.Count} enforcement points confirmed)");
        }
    }

    // A drill activates a known-bad release on purpose, and puts back releases that served before it; the override is
    // recorded on the activation, so the history shows the gate was bypassed by a game day and why.
    private static string GateOverride(string scenario) => $"game day {scenario}: a drill, not a promotion";

    private async Task<Release> CreateReleaseAsync(string file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.ReleasesDirectory, file);
        if (!File.Exists(path))
        {
            throw new GameDayException($"release file {path} not found: pass --releases with the folder holding the release files the drill file names");
        }

        return await client.CreateReleaseAsync(ReleaseFile.Read(path, Agent, parent: null, notes: null), cancellationToken);
    }

    /// <summary>Queues the work items and waits until the agent has ended <see cref="GameDaySettings.Warmup"/> runs on them.</summary>
    private async Task QueueAndWarmUpAsync(string scenario, CancellationToken cancellationToken)
    {
        var queuedAt = time.GetUtcNow();
        var prefix = string.Create(CultureInfo.InvariantCulture, $"gd-{scenario}-{queuedAt:yyyyMMddHHmmss}");
        await target.QueueAsync(prefix, settings.Queue, cancellationToken);
        console.MarkupLine($"Queued {settings.Queue} tickets ({Markup.Escape(prefix)}-*) on {Markup.Escape(settings.Target.ToString())}; waiting for {settings.Warmup} runs of {Markup.Escape(Agent)} to end");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var runs = await client.ListRunsAsync(Agent, limit: 100, cancellationToken: cancellationToken);
            var ended = runs.Count(r => r.StartedAt >= queuedAt && r.EndedAt is not null);
            if (ended >= settings.Warmup)
            {
                Note(string.Create(CultureInfo.InvariantCulture, $"queued {settings.Queue} tickets; the agent ended {ended} runs before the injection"));
                return;
            }

            if (waited.Elapsed > AgentWait)
            {
                throw new GameDayException($"agent {Agent} ended {ended} of {settings.Warmup} warm-up runs within {AgentWait.TotalSeconds:0} s of queueing: is the agent running against {settings.Target}?");
            }

            await Task.Delay(SlowPoll, time, cancellationToken);
        }
    }

    /// <summary>Polls the agent's enforcement points, control changes and alerts until containment is confirmed or the deadline passes.</summary>
    private async Task<(GameDayContainment? Containment, IReadOnlyList<Alert> Alerts)> WatchAsync(GameDayScenario scenario, CancellationToken cancellationToken)
    {
        var sightings = new List<ConfirmationSighting>();
        IReadOnlyList<RecordedControlChange> changes = [];
        IReadOnlyList<Alert> alerts = [];
        var seenAlerts = new HashSet<string>(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        var slow = Stopwatch.StartNew();
        var first = true;
        while (true)
        {
            var points = await client.ListEnforcementPointsAsync(cancellationToken);

            // Taken once the answer is in: the point acknowledged no later than this, so the sighting never flatters.
            var now = time.GetUtcNow();
            foreach (var point in points)
            {
                if (point.Connected && point.AgentId == Agent)
                {
                    sightings.Add(new ConfirmationSighting(point.PointId, point.AppliedEpoch, now));
                }
            }

            if (first || slow.Elapsed >= SlowPoll)
            {
                first = false;
                slow.Restart();
                changes = await client.ListControlChangesAsync(Agent, 50, cancellationToken);
                alerts = await ListAlertsAsync(cancellationToken);
                foreach (var alert in alerts.Where(a => seenAlerts.Add(a.Id)))
                {
                    Progress($"alert [bold]{Markup.Escape(alert.Detector)}[/] ({Markup.Escape(alert.Summary)})", alert.FirstSeenAt);
                }
            }

            var containment = GameDayContainment.Find(Agent, scenario.WrongAction?.Tool, _injectedAt, changes, sightings);
            if (containment?.ConfirmedAt is { } confirmedAt)
            {
                Progress($"contained by [bold]{Markup.Escape(containment.Actor)}[/]: {Markup.Escape(containment.Description)}, {containment.PointsConfirmed} of {containment.Points} enforcement points confirmed", confirmedAt);
                return (containment, alerts);
            }

            if (deadline.Elapsed > settings.Deadline)
            {
                Progress(containment is null
                    ? $"[red]not contained within {settings.Deadline.TotalSeconds:0} s[/]"
                    : $"[red]contained by {Markup.Escape(containment.Actor)} but not confirmed by every enforcement point within {settings.Deadline.TotalSeconds:0} s[/]", time.GetUtcNow());
                Note(string.Create(CultureInfo.InvariantCulture, $"the drill stopped watching after {settings.Deadline.TotalSeconds:0} s without confirmed containment"));
                return (containment, alerts);
            }

            await Task.Delay(PointPoll, time, cancellationToken);
        }
    }

    /// <summary>
    /// When a playbook made the containing change, the confirmations the server measured for it (change time plus each
    /// point's acknowledgement latency) replace the drill's own polling, which can only bound them from above.
    /// </summary>
    private async Task<GameDayContainment?> ConfirmedByPlaybookAsync(GameDayContainment? containment, CancellationToken cancellationToken)
    {
        if (containment is null || !containment.IsAutomatic)
        {
            return containment;
        }

        var executions = await client.ListPlaybookExecutionsAsync(Agent, limit: 50, cancellationToken: cancellationToken);
        var control = executions
            .Where(e => e.StartedAt >= _injectedAt - TimeSpan.FromSeconds(1))
            .SelectMany(e => e.Steps)
            .Select(s => s.Control)
            .FirstOrDefault(c => c is not null && c.Epoch == containment.Epoch);
        if (control is null)
        {
            return containment;
        }

        var measured = GameDayContainment.FromConfirmations(
            containment.Actor, containment.Description, control.Epoch, control.Change.At, [.. control.Confirmations.Where(c => c.AgentId == Agent)]);
        return measured.ConfirmedAt is null ? containment : measured;
    }

    /// <summary>The agent's alerts raised or seen again since the injection.</summary>
    private Task<IReadOnlyList<Alert>> ListAlertsAsync(CancellationToken cancellationToken) =>
        client.ListAlertsAsync(Agent, null, _injectedAt, 100, cancellationToken);

    /// <summary>
    /// Waits for the runs in flight at containment to end (the drain), lets late records land, then reads the agent's
    /// actions and runs from the injection on.
    /// </summary>
    private async Task<(IReadOnlyList<ActionRecord> Actions, IReadOnlyList<RunRecord> Runs)> CollectAsync(GameDayContainment? containment, CancellationToken cancellationToken)
    {
        if (containment?.ConfirmedAt is { } confirmedAt)
        {
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < DrainWait)
            {
                var runs = await ListRunsAsync(cancellationToken);
                if (!runs.Any(r => r.StartedAt <= confirmedAt && r.EndedAt is null))
                {
                    break;
                }

                await Task.Delay(SlowPoll, time, cancellationToken);
            }
        }

        await Task.Delay(Settle, time, cancellationToken);
        return (await ListActionsAsync(cancellationToken), await ListRunsAsync(cancellationToken));
    }

    private async Task<IReadOnlyList<ActionRecord>> ListActionsAsync(CancellationToken cancellationToken)
    {
        var actions = new List<ActionRecord>();
        long? before = null;
        while (true)
        {
            var page = await client.ListActionsBeforeAsync(Agent, before, Page, cancellationToken);
            actions.AddRange(page.Where(a => a.RecordedAt >= _injectedAt));
            if (page.Count < Page || page[^1].RecordedAt < _injectedAt)
            {
                return actions;
            }

            before = page[^1].Seq;
        }
    }

    /// <summary>Runs in progress at the injection or started after it; runs start in order, so paging stops a minute before the injection.</summary>
    private async Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        DateTimeOffset? before = null;
        var horizon = _injectedAt - TimeSpan.FromMinutes(1);
        while (true)
        {
            var page = await client.ListRunsAsync(Agent, Page, before, cancellationToken);
            runs.AddRange(page.Where(r => r.EndedAt is null || r.EndedAt >= _injectedAt));
            if (page.Count < Page || page[^1].StartedAt < horizon)
            {
                return runs;
            }

            before = page[^1].StartedAt;
        }
    }

    /// <summary>Asks for the decision trace of the first wrong action, as an investigator would, and times it.</summary>
    private async Task<TraceRetrieval?> TraceFirstWrongAsync(GameDayScenario scenario, IReadOnlyList<ActionRecord> actions, CancellationToken cancellationToken)
    {
        if (scenario.WrongAction?.Select(actions) is not [var first, ..] || first.RunId is not { } runId)
        {
            return null;
        }

        var started = time.GetTimestamp();
        var trace = await client.GetTraceAsync(runId, cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        var retrieval = new TraceRetrieval(runId, first.Seq, trace.Items.Count, trace.Items.Any(i => i.Seq == first.Seq), elapsed);
        console.MarkupLine($"Decision trace of the first wrong action (#{first.Seq}, run {Markup.Escape(runId)}): {trace.Items.Count} entries in {GameDayMeasurer.Duration(Math.Round(elapsed.TotalMilliseconds, 1))}");
        return retrieval;
    }

    /// <summary>Returns every control of the agent to normal and its policy level to normal, so the drill starts and ends clean.</summary>
    private async Task ResetControlsAsync(string phase, CancellationToken cancellationToken)
    {
        var snapshot = await client.GetControlSnapshotAsync(Agent, cancellationToken);
        var reason = $"game day: {phase}";
        var settingsOfAgent = snapshot.Settings.Where(s => s.Scope.AgentId == Agent && s.Mode != ControlMode.Normal).ToList();
        var changed = new List<string>();
        if (settingsOfAgent.Any(s => s.Scope.Kind == ControlScopeKind.Agent))
        {
            await client.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, reason, ControlMode.Normal, AgentId: Agent), ConfirmationWait, cancellationToken);
            changed.Add($"agent:{Agent}");
        }

        var tools = settingsOfAgent.Where(s => s.Scope.Kind == ControlScopeKind.Tool).Select(s => s.Scope.ToolName!).Distinct(StringComparer.Ordinal).ToList();
        if (tools.Count > 0)
        {
            await client.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Tools, reason, ControlMode.Normal, AgentId: Agent, Tools: tools), ConfirmationWait, cancellationToken);
            changed.AddRange(tools.Select(t => $"tool:{Agent}/{t}"));
        }

        if (snapshot.IsStrict(Agent))
        {
            await client.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, reason, AgentId: Agent, Strict: false), ConfirmationWait, cancellationToken);
            changed.Add("strict policy level");
        }

        if (changed.Count > 0)
        {
            Note($"{phase}: resumed {string.Join(", ", changed)}");
        }

        if (snapshot.Settings.Any(s => s.Scope.Kind == ControlScopeKind.Global && s.Mode != ControlMode.Normal))
        {
            Note($"{phase}: a global control is set; the drill leaves it to the operator who set it");
        }
    }

    private async Task RestoreReleaseAsync(Release good, CancellationToken cancellationToken)
    {
        var state = await client.GetReleaseStateAsync(Agent, cancellationToken);
        if (state.ActiveReleaseId == good.Id)
        {
            return;
        }

        var rollback = await client.RollbackReleaseAsync(Agent, new RollbackRequest("game day: restore the good release", To: good.Id), ConfirmationWait, cancellationToken);
        Note($"restored: rolled back to the good release {Release.Abbreviate(good.Id)} ({rollback.Confirmed} of {rollback.Confirmations.Count} enforcement points confirmed)");
    }

    private void Note(string note)
    {
        _notes.Add(note);
        console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
    }

    private void Progress(string markup, DateTimeOffset? at)
    {
        var offset = at is { } when ? $"+{GameDayMeasurer.Duration(Math.Round((when - _injectedAt).TotalMilliseconds, 1))}" : "never";
        console.MarkupLine($"  [blue]{offset,-10}[/] {markup}");
    }
}
