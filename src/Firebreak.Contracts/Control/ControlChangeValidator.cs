using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Control;

/// <summary>Checks a <see cref="ControlChangeRequest"/> on its own, before it is expanded against the registry.</summary>
public static class ControlChangeValidator
{
    public const int MaxReasonLength = 1000;
    public const int MaxIncidentIdLength = 64;
    public const int MaxTools = AgentValidator.MaxTools;

    /// <summary>The longest <see cref="ControlChangeRequest.For"/>; containment meant to last longer is set without an expiry.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    public static ValidationErrors Validate(ControlChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Required("reason", request.Reason, MaxReasonLength);
        if (request.Mode is null && request.Freeze is null && request.Strict is null)
        {
            errors.Add("mode", "is required unless the request changes the freeze or the strict level");
        }
        else if (request.Mode is { } mode && !Enum.IsDefined(mode))
        {
            errors.Add("mode", "is not a control mode");
        }

        if (request.IncidentId is not null)
        {
            errors.Required("incidentId", request.IncidentId, MaxIncidentIdLength);
        }

        ValidateDuration(request, errors);
        switch (request.Target)
        {
            case ControlTarget.Global:
                Forbid(errors, "agentId", request.AgentId is not null, "must be omitted for a global target");
                Forbid(errors, "tools", request.Tools is not null, "are only allowed with target 'tools'");
                Forbid(errors, "risk", request.Risk is not null, "is only allowed with target 'risk'");
                Forbid(errors, "freeze", request.Freeze is not null, "applies to one agent: use target 'agent'");
                Forbid(errors, "strict", request.Strict is not null, "applies to one agent: use target 'agent'");
                break;
            case ControlTarget.Agent:
                ValidateAgentId(request.AgentId, errors);
                Forbid(errors, "tools", request.Tools is not null, "are only allowed with target 'tools'");
                Forbid(errors, "risk", request.Risk is not null, "is only allowed with target 'risk'");
                break;
            case ControlTarget.Tools:
                ValidateAgentId(request.AgentId, errors);
                ValidateTools(request.Tools, errors);
                Forbid(errors, "risk", request.Risk is not null, "is only allowed with target 'risk'");
                Forbid(errors, "freeze", request.Freeze is not null, "applies to one agent: use target 'agent'");
                Forbid(errors, "strict", request.Strict is not null, "applies to one agent: use target 'agent'");
                break;
            case ControlTarget.Risk:
                ValidateAgentId(request.AgentId, errors);
                ValidateRisk(request.Risk, errors);
                Forbid(errors, "tools", request.Tools is not null, "are only allowed with target 'tools'");
                Forbid(errors, "freeze", request.Freeze is not null, "applies to one agent: use target 'agent'");
                Forbid(errors, "strict", request.Strict is not null, "applies to one agent: use target 'agent'");
                break;
            default:
                errors.Add("target", "must be global, agent, tools or risk");
                break;
        }

        return errors;
    }

    private static void ValidateDuration(ControlChangeRequest request, ValidationErrors errors)
    {
        if (request.For is not { } duration)
        {
            return;
        }

        if (request.Mode is null)
        {
            errors.Add("for", "applies to a mode: a freeze lasts until thawed, the strict level until turned off");
        }
        else if (request.Mode == ControlMode.Normal)
        {
            errors.Add("for", "is not allowed when resuming (mode normal)");
        }

        if (duration <= TimeSpan.Zero)
        {
            errors.Add("for", "must be positive");
        }
        else if (duration > MaxDuration)
        {
            errors.Add("for", $"must be at most {MaxDuration.TotalDays:0} days; omit it to keep the mode until changed");
        }
    }

    private static void ValidateAgentId(string? agentId, ValidationErrors errors)
    {
        if (agentId is null)
        {
            errors.Add("agentId", "is required for this target");
        }
        else if (!AgentValidator.IsSlug(agentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }
    }

    private static void ValidateTools(IReadOnlyList<string>? tools, ValidationErrors errors)
    {
        if (tools is null || tools.Count == 0)
        {
            errors.Add("tools", "must name at least one tool");
            return;
        }

        if (tools.Count > MaxTools)
        {
            errors.Add("tools", $"must name at most {MaxTools} tools");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            if (!AgentValidator.IsToolName(tools[i]))
            {
                errors.Add($"tools[{i}]", "must be a tool name: 1 to 128 letters, digits, '_', '-' or '.'");
            }
            else if (!seen.Add(tools[i]))
            {
                errors.Add($"tools[{i}]", $"'{tools[i]}' is named twice");
            }
        }
    }

    private static void ValidateRisk(IReadOnlyList<RiskClass>? risk, ValidationErrors errors)
    {
        if (risk is null || risk.Count == 0)
        {
            errors.Add("risk", "must name at least one risk class");
            return;
        }

        for (var i = 0; i < risk.Count; i++)
        {
            if (!Enum.IsDefined(risk[i]))
            {
                errors.Add($"risk[{i}]", "is not a risk class");
            }
        }
    }

    private static void Forbid(ValidationErrors errors, string field, bool present, string message)
    {
        if (present)
        {
            errors.Add(field, message);
        }
    }
}
