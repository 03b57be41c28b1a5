namespace Firebreak.Server.Http;

/// <summary>The problem details written in place of Kestrel's empty refusal of a malformed request line.</summary>
internal sealed record RejectedRequestProblem(string Type, string Title, int Status, string Detail);
