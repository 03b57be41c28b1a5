namespace Firebreak.Registry;

/// <summary>
/// What the gateway knows of an agent's upstream tools. Reading it never starts an upstream: tools are those listed when an
/// agent session last started the upstreams, and none while <see cref="Upstreams"/> say <see cref="McpUpstreamState.NotStarted"/>.
/// </summary>
/// <param name="Upstreams">Each upstream the agent declares, in declaration order, with its connection state.</param>
/// <param name="Tools">The tools the upstreams offered through the gateway when last listed.</param>
public sealed record McpToolsListing(IReadOnlyList<McpUpstreamStatus> Upstreams, IReadOnlyList<McpToolInfo> Tools);
