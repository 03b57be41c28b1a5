namespace Firebreak.Incidents;

/// <summary>When something is due and whether it is late. A deadline is overdue only once <c>now</c> is strictly after <see cref="DueAt"/>.</summary>
/// <param name="DueAt">When it is due; <see langword="null"/> when nothing is due.</param>
/// <param name="IsOverdue">Whether the moment has passed without it.</param>
public sealed record Deadline(DateTimeOffset? DueAt, bool IsOverdue)
{
    /// <summary>Nothing is due.</summary>
    public static Deadline None { get; } = new(null, false);

    /// <summary>A deadline at <paramref name="dueAt"/>, judged at <paramref name="now"/>.</summary>
    public static Deadline At(DateTimeOffset dueAt, DateTimeOffset now) => new(dueAt, now > dueAt);
}
