namespace Firebreak.Similarity;

/// <summary>An incident a similar run belongs to, and how it is linked: its alert names the run (<c>alert</c>), the run was marked toxic for it (<c>toxic</c>), or the run started in its window on one of its agents (<c>window</c>).</summary>
/// <param name="Id">The incident's id (<c>INC-7</c>).</param>
/// <param name="Title">Its title.</param>
/// <param name="Status">Its status (<c>investigating</c>, <c>resolved</c>, ...).</param>
/// <param name="Links">How the listed runs are linked to it, sorted: <c>alert</c>, <c>toxic</c>, <c>window</c>.</param>
public sealed record SimilarIncident(string Id, string Title, string Status, IReadOnlyList<string> Links);
