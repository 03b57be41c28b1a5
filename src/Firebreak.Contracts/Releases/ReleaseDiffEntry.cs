namespace Firebreak.Releases;

/// <summary>One difference between two releases, at a JSON path of their content.</summary>
/// <param name="Path">Where, such as <c>model.id</c> or <c>prompts.system</c>.</param>
/// <param name="Before">The value in the first release, as compact JSON; <see langword="null"/> when it was absent.</param>
/// <param name="After">The value in the second release; <see langword="null"/> when it is absent.</param>
/// <param name="Lines">For a changed text, the line-by-line difference (<c>- old</c>, <c>+ new</c>, <c>  same</c>); empty otherwise.</param>
public sealed record ReleaseDiffEntry(string Path, string? Before, string? After, IReadOnlyList<string> Lines);
