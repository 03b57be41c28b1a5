using System.Text.Json;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Ledger;

/// <summary>Checks ledger requests before anything is written.</summary>
public static class LedgerValidator
{
    public const int MaxIdLength = 128;
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxEntities = 256;
    public const int MaxSourceIds = 256;

    public static ValidationErrors Validate(StartRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        errors.MaxLength("runId", request.RunId, MaxIdLength);
        if (request.RunId is { Length: 0 })
        {
            errors.Add("runId", "must not be empty");
        }

        errors.MaxLength("correlationId", request.CorrelationId, MaxIdLength);
        if (request.Traceparent is not null && !Traceparent.IsValid(request.Traceparent))
        {
            errors.Add("traceparent", "must be a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)");
        }

        if (request.Release is { } release)
        {
            errors.MaxLength("release.releaseId", release.ReleaseId, MaxIdLength);
            errors.MaxLength("release.agentVersion", release.AgentVersion, MaxIdLength);
            errors.MaxLength("release.promptVersion", release.PromptVersion, MaxIdLength);
            errors.MaxLength("release.modelId", release.ModelId, MaxIdLength);
        }

        return errors;
    }

    public static ValidationErrors Validate(AppendStepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (!Enum.IsDefined(request.Kind))
        {
            errors.Add("kind", "is not a step kind");
        }

        errors.MaxLength("name", request.Name, 200);
        if (request.SourceIds is { } sources)
        {
            if (sources.Count > MaxSourceIds)
            {
                errors.Add("sourceIds", $"must hold at most {MaxSourceIds} ids");
            }

            for (var i = 0; i < sources.Count; i++)
            {
                errors.Required($"sourceIds[{i}]", sources[i], 512);
            }
        }

        return errors;
    }

    public static ValidationErrors Validate(EndRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (request.Status is RunStatus.Running || !Enum.IsDefined(request.Status))
        {
            errors.Add("status", "must be a final status: completed, failed, killed or held");
        }

        return errors;
    }

    public static ValidationErrors Validate(RecordActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        errors.Required("idempotencyKey", request.IdempotencyKey, MaxIdempotencyKeyLength);
        errors.Required("tool", request.Tool, 128);
        if (request.Arguments.ValueKind is not JsonValueKind.Object)
        {
            errors.Add("arguments", "must be a JSON object");
        }

        if (!Enum.IsDefined(request.Outcome))
        {
            errors.Add("outcome", "is not an action outcome");
        }

        errors.MaxLength("runId", request.RunId, MaxIdLength);
        errors.MaxLength("correlationId", request.CorrelationId, MaxIdLength);
        errors.MaxLength("releaseId", request.ReleaseId, MaxIdLength);
        ValidateEntities(request.Entities, errors);
        ValidateMoney(request.Amount, request.Currency, errors);
        if (request.DurationMs is < 0)
        {
            errors.Add("durationMs", "must not be negative");
        }

        return errors;
    }

    public static ValidationErrors Validate(CompleteActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        errors.Required("idempotencyKey", request.IdempotencyKey, MaxIdempotencyKeyLength);
        if (request.Outcome is ActionOutcome.Pending || !Enum.IsDefined(request.Outcome))
        {
            errors.Add("outcome", "must be a final outcome");
        }

        errors.MaxLength("error", request.Error, 4000);
        if (request.DurationMs is < 0)
        {
            errors.Add("durationMs", "must not be negative");
        }

        return errors;
    }

    private static void ValidateEntities(IReadOnlyList<string>? entities, ValidationErrors errors)
    {
        if (entities is null)
        {
            return;
        }

        if (entities.Count > MaxEntities)
        {
            errors.Add("entities", $"must hold at most {MaxEntities} references");
        }

        for (var i = 0; i < entities.Count; i++)
        {
            if (!EntityRef.TryParse(entities[i], out _))
            {
                errors.Add($"entities[{i}]", "must be written type:id, such as customer:47");
            }
        }
    }

    private static void ValidateMoney(decimal? amount, string? currency, ValidationErrors errors)
    {
        if (amount is null)
        {
            if (currency is not null)
            {
                errors.Add("amount", "is required when a currency is given");
            }

            return;
        }

        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add("currency", "must be an ISO 4217 code such as USD when an amount is given");
        }

        if (Math.Abs(amount.Value) > Money.MaxAmount)
        {
            errors.Add("amount", $"must be at most {Money.MaxAmount} in absolute value");
        }

        if (amount.Value.Scale > Money.MaxScale && decimal.Round(amount.Value, Money.MaxScale) != amount.Value)
        {
            errors.Add("amount", $"must have at most {Money.MaxScale} decimal places");
        }
    }
}
