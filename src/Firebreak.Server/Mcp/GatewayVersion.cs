using System.Reflection;

namespace Firebreak.Server.Mcp;

/// <summary>The server's version, as the gateway announces itself to clients and upstreams.</summary>
internal static class GatewayVersion
{
    public static string Value { get; } =
        typeof(GatewayVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
