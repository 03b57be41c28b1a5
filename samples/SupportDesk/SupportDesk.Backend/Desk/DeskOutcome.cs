namespace SupportDesk.Backend.Desk;

/// <summary>A store answer: a value (possibly replayed from an earlier request with the same idempotency key) or an error.</summary>
public sealed record DeskOutcome<T>(T? Value, DeskError? Error, bool Replayed = false)
{
    public static implicit operator DeskOutcome<T>(DeskError error) => new(default, error);
}
