using Microsoft.Extensions.Internal;

namespace Firebreak.Server.Auth;

/// <summary>The clock <see cref="Microsoft.Extensions.Caching.Memory.MemoryCache"/> reads, from the injected <see cref="TimeProvider"/>, so expiries are testable.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
