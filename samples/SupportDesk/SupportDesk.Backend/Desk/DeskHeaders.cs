namespace SupportDesk.Backend.Desk;

public static class DeskHeaders
{
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>The agent run that caused a side effect, stored with it so an incident can find everything one run did.</summary>
    public const string CorrelationId = "X-Correlation-Id";
}
