using Firebreak.Approvals;
using System.Text.Json;
using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Server.Approvals;

/// <summary>Checks approval requests and rules on their own, before the registry is consulted.</summary>
internal static class ApprovalValidator
{
    public const int MaxArgumentLength = 128;

    public static ValidationErrors Validate(ApprovalRequest request)
    {
        var errors = new ValidationErrors();
        ValidateTarget(request.AgentId, request.Tool, errors);
        errors.Required("idempotencyKey", request.IdempotencyKey, LedgerValidator.MaxIdempotencyKeyLength);
        if (request.Arguments.ValueKind != JsonValueKind.Object)
        {
            errors.Add("arguments", "must be a JSON object");
        }

        if (request.ControlEpoch < 0)
        {
            errors.Add("controlEpoch", "must not be negative");
        }

        if (request.RunId is not null)
        {
            errors.Required("runId", request.RunId, LedgerValidator.MaxIdLength);
        }

        if (request.Amount is null != request.Currency is null)
        {
            errors.Add(request.Amount is null ? "amount" : "currency", "amount and currency go together");
        }

        if (request.Amount is < 0)
        {
            errors.Add("amount", "must not be negative");
        }

        if (request.Currency is not null && (request.Currency.Length != 3 || !request.Currency.All(char.IsAsciiLetterUpper)))
        {
            errors.Add("currency", "must be an ISO 4217 code such as USD");
        }

        return errors;
    }

    public static ValidationErrors Validate(StandingRuleRequest request)
    {
        var errors = new ValidationErrors();
        ValidateTarget(request.AgentId, request.Tool, errors);
        errors.Required("reason", request.Reason, ControlChangeValidator.MaxReasonLength);
        if (request.IncidentId is not null)
        {
            errors.Required("incidentId", request.IncidentId, ControlChangeValidator.MaxIncidentIdLength);
        }

        if (request.For <= TimeSpan.Zero || request.For > ControlChangeValidator.MaxDuration)
        {
            errors.Add("for", $"must be positive and at most {ControlChangeValidator.MaxDuration.TotalDays:0} days");
        }

        // A rule with only one of the two would cover nothing (see StandingApprovalRule), which is surely not what was meant.
        if (request.AmountArgument is null != request.MaxAmount is null)
        {
            errors.Add(request.AmountArgument is null ? "amountArgument" : "maxAmount", "amountArgument and maxAmount go together");
        }

        if (request.AmountArgument is not null)
        {
            errors.Required("amountArgument", request.AmountArgument, MaxArgumentLength);
        }

        if (request.MaxAmount is < 0)
        {
            errors.Add("maxAmount", "must not be negative");
        }

        return errors;
    }

    private static void ValidateTarget(string? agentId, string? tool, ValidationErrors errors)
    {
        if (!AgentValidator.IsSlug(agentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        if (!AgentValidator.IsToolName(tool))
        {
            errors.Add("tool", "must be a tool name");
        }
    }
}
