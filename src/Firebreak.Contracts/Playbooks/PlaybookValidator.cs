using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Playbooks;

/// <summary>Checks an agent's playbooks against the agent they belong to, before they enter the registry.</summary>
public static class PlaybookValidator
{
    public const int MaxPlaybooks = 64;
    public const int MaxSteps = 32;
    public const int MaxTemplateLength = 500;

    /// <summary>The longest blast-radius lookback.</summary>
    public static readonly TimeSpan MaxLookback = TimeSpan.FromDays(7);

    /// <summary>Adds an error under <c>playbooks[i]</c> for everything wrong with <paramref name="agent"/>'s playbooks.</summary>
    public static void Validate(AgentDefinition agent, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(errors);
        if (agent.Playbooks is not { } playbooks)
        {
            return;
        }

        if (playbooks.Count > MaxPlaybooks)
        {
            errors.Add("playbooks", $"must hold at most {MaxPlaybooks} playbooks");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < playbooks.Count; i++)
        {
            var field = $"playbooks[{i}]";
            if (playbooks[i] is not { } playbook)
            {
                errors.Add(field, "must not be null");
                continue;
            }

            if (!AgentValidator.IsSlug(playbook.Name))
            {
                errors.Add($"{field}.name", "must be a slug: lower-case letters, digits and single dashes, 2 to 64 characters");
            }
            else if (!names.Add(playbook.Name))
            {
                errors.Add($"{field}.name", $"'{playbook.Name}' is declared twice");
            }

            errors.MaxLength($"{field}.description", playbook.Description, 2000);
            ValidateMatch(playbook.Match, $"{field}.match", errors);
            ValidateSteps(agent, playbook, field, errors);
        }
    }

    /// <summary>Everything wrong with one playbook of <paramref name="agent"/>; empty when it can be planned.</summary>
    public static ValidationErrors Validate(AgentDefinition agent, PlaybookDefinition playbook)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(playbook);
        var errors = new ValidationErrors();
        Validate(agent with { Playbooks = [playbook] }, errors);
        return errors;
    }

    private static void ValidateMatch(PlaybookMatch? match, string field, ValidationErrors errors)
    {
        if (match is null)
        {
            errors.Add(field, "is required");
            return;
        }

        if (match.FailureClasses is not { Count: > 0 })
        {
            errors.Add($"{field}.failureClasses", "must name at least one failure class");
        }
        else
        {
            for (var i = 0; i < match.FailureClasses.Count; i++)
            {
                if (!Enum.IsDefined(match.FailureClasses[i]))
                {
                    errors.Add($"{field}.failureClasses[{i}]", $"must be one of {string.Join(", ", FailureClassNames.All)}");
                }
            }
        }

        if (match.MinSeverity is { } severity && !Enum.IsDefined(severity))
        {
            errors.Add($"{field}.minSeverity", "must be sev1 to sev4");
        }

        if (match.Detectors is { } detectors)
        {
            if (detectors.Count == 0)
            {
                errors.Add($"{field}.detectors", "must name at least one detector, or be omitted to match every detector");
            }

            for (var i = 0; i < detectors.Count; i++)
            {
                if (!AgentValidator.IsSlug(detectors[i]))
                {
                    errors.Add($"{field}.detectors[{i}]", "must be a detector name (slug)");
                }
            }
        }
    }

    private static void ValidateSteps(AgentDefinition agent, PlaybookDefinition playbook, string field, ValidationErrors errors)
    {
        if (playbook.Steps is not { Count: > 0 and <= MaxSteps })
        {
            errors.Add($"{field}.steps", $"must hold 1 to {MaxSteps} steps");
            return;
        }

        for (var j = 0; j < playbook.Steps.Count; j++)
        {
            var stepField = $"{field}.steps[{j}]";
            if (playbook.Steps[j] is not { } step)
            {
                errors.Add(stepField, "must not be null");
                continue;
            }

            switch (step.Kind)
            {
                case PlaybookStepKind.Control:
                    ValidateControl(agent, step, stepField, errors);
                    break;
                case PlaybookStepKind.Strict:
                    Forbid(errors, stepField, step, nameof(PlaybookStep.Control), nameof(PlaybookStep.Severity), nameof(PlaybookStep.Title), nameof(PlaybookStep.Commander), nameof(PlaybookStep.Message), nameof(PlaybookStep.Lookback));
                    if (step.Reason is not null)
                    {
                        errors.Required($"{stepField}.reason", step.Reason, ControlChangeValidator.MaxReasonLength);
                    }

                    break;
                case PlaybookStepKind.DeclareIncident:
                    Forbid(errors, stepField, step, nameof(PlaybookStep.Control), nameof(PlaybookStep.Message), nameof(PlaybookStep.Lookback), nameof(PlaybookStep.Reason));
                    if (step.Severity is not { } severity || !Enum.IsDefined(severity))
                    {
                        errors.Add($"{stepField}.severity", "is required: sev1 to sev4");
                    }

                    errors.Required($"{stepField}.title", step.Title, MaxTemplateLength);
                    if (step.Commander is not null)
                    {
                        errors.Required($"{stepField}.commander", step.Commander, PlaybookPlanner.MaxCommanderLength);
                    }

                    break;
                case PlaybookStepKind.Page:
                    Forbid(errors, stepField, step, nameof(PlaybookStep.Control), nameof(PlaybookStep.Severity), nameof(PlaybookStep.Title), nameof(PlaybookStep.Commander), nameof(PlaybookStep.Lookback), nameof(PlaybookStep.Reason));
                    if (step.Message is not null)
                    {
                        errors.Required($"{stepField}.message", step.Message, MaxTemplateLength);
                    }

                    break;
                case PlaybookStepKind.BlastRadius:
                    Forbid(errors, stepField, step, nameof(PlaybookStep.Control), nameof(PlaybookStep.Severity), nameof(PlaybookStep.Title), nameof(PlaybookStep.Commander), nameof(PlaybookStep.Message), nameof(PlaybookStep.Reason));
                    if (step.Lookback is { } lookback && (lookback <= TimeSpan.Zero || lookback > MaxLookback))
                    {
                        errors.Add($"{stepField}.lookback", $"must be positive and at most {MaxLookback.TotalDays:0} days");
                    }

                    break;
                default:
                    errors.Add($"{stepField}.kind", "must be control, strict, declare-incident, page or blast-radius");
                    break;
            }
        }
    }

    private static void ValidateControl(AgentDefinition agent, PlaybookStep step, string field, ValidationErrors errors)
    {
        Forbid(errors, field, step, nameof(PlaybookStep.Severity), nameof(PlaybookStep.Title), nameof(PlaybookStep.Commander), nameof(PlaybookStep.Message), nameof(PlaybookStep.Lookback), nameof(PlaybookStep.Reason));
        if (step.Control is not { } control)
        {
            errors.Add($"{field}.control", "is required for a control step");
            return;
        }

        if (control.Target == ControlTarget.Global)
        {
            errors.Add($"{field}.control.target", "must be agent, tools or risk: a playbook contains its own agent");
            return;
        }

        if (control.Mode == ControlMode.Normal)
        {
            errors.Add($"{field}.control.mode", "must contain: lifting containment is a person's decision, not a playbook's");
        }

        if (control.Freeze == false)
        {
            errors.Add($"{field}.control.freeze", "may only freeze: thawing is a person's decision, not a playbook's");
        }

        if (control.Strict == false)
        {
            errors.Add($"{field}.control.strict", "may only set the strict level: returning to normal is a person's decision, not a playbook's");
        }

        if (control.AgentId is not null && !string.Equals(control.AgentId, agent.Id, StringComparison.Ordinal))
        {
            errors.Add($"{field}.control.agentId", $"must be omitted or '{agent.Id}': a playbook contains its own agent");
        }

        if (control.IncidentId is not null)
        {
            errors.Add($"{field}.control.incidentId", "must be omitted: the step runs under the playbook's incident");
        }

        if (!ControlChangePlanner.TryExpand(control with { AgentId = agent.Id }, agent, "playbook", DateTimeOffset.UnixEpoch, out _, out var controlErrors))
        {
            foreach (var (name, messages) in controlErrors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add($"{field}.control.{name}", message);
                }
            }
        }
    }

    private static void Forbid(ValidationErrors errors, string field, PlaybookStep step, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            var present = name switch
            {
                nameof(PlaybookStep.Control) => step.Control is not null,
                nameof(PlaybookStep.Severity) => step.Severity is not null,
                nameof(PlaybookStep.Title) => step.Title is not null,
                nameof(PlaybookStep.Commander) => step.Commander is not null,
                nameof(PlaybookStep.Message) => step.Message is not null,
                nameof(PlaybookStep.Reason) => step.Reason is not null,
                _ => step.Lookback is not null,
            };
            if (present)
            {
                var json = char.ToLowerInvariant(name[0]) + name[1..];
                errors.Add($"{field}.{json}", $"does not apply to a {Kind(step.Kind)} step");
            }
        }
    }

    /// <summary>The kebab-case name of a step kind, as JSON and the CLI write it.</summary>
    public static string Kind(PlaybookStepKind kind) => kind switch
    {
        PlaybookStepKind.Control => "control",
        PlaybookStepKind.Strict => "strict",
        PlaybookStepKind.DeclareIncident => "declare-incident",
        PlaybookStepKind.Page => "page",
        _ => "blast-radius",
    };
}
