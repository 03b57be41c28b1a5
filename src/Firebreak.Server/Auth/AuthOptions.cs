using System.ComponentModel.DataAnnotations;
using Firebreak.Server.Hosting;

namespace Firebreak.Server.Auth;

/// <summary>Limits on API-key authentication, bound from the <c>Firebreak:Auth</c> configuration section and validated at start.</summary>
public sealed class AuthOptions
{
    public const string Section = "Firebreak:Auth";

    /// <summary>
    /// How many requests with an unknown or revoked key one client address may send per <see cref="FailureWindow"/>
    /// (default 20); beyond it such requests get <c>429</c> with <c>Retry-After</c>. Requests with a valid key are never
    /// counted nor refused. IPv6 clients are counted per /64, the block one host usually holds.
    /// </summary>
    [Range(1, 1_000_000)]
    public int FailureLimit { get; set; } = 20;

    /// <summary>The fixed window over which <see cref="FailureLimit"/> counts failures (default 1 minute).</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most key lookups this node caches (default 10,000). Each entry lives for <see cref="ApiKeyStore.CacheFor"/>;
    /// lookups of unknown keys are cached at low priority, so a flood of them is evicted before the keys in use.
    /// </summary>
    [Range(16, 10_000_000)]
    public int KeyCacheSize { get; set; } = 10_000;
}
