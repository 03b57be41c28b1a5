namespace SupportDesk.Backend.Memory;

/// <summary>The suspicious window whose memory is purged: written at or after <see cref="Since"/> and before <see cref="Until"/>.</summary>
public sealed record PurgeMemoryRequest(DateTimeOffset? Since, DateTimeOffset? Until);
