namespace Firebreak.Detection;

/// <summary>One observation in a <see cref="SlidingWindow"/>: when, which run and action it is about, and the value it adds.</summary>
internal readonly record struct WindowEntry(DateTimeOffset At, string? RunId, long? ActionSeq, decimal Value)
{
    public static WindowEntry Of(DetectionEvent e, decimal value) => new(e.At, e.RunId, e.ActionSeq, value);
}
