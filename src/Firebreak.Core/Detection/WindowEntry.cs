namespace Firebreak.Detection;

/// <summary>One observation in a <see cref="SlidingWindow"/>: when, which entry, which run, and the value it adds.</summary>
internal readonly record struct WindowEntry(DateTimeOffset At, long Seq, string? RunId, decimal Value, bool IsAction);
