using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Firebreak.Server.Mcp;

/// <summary>
/// Resources and prompts of an agent's upstreams, passed through read-only: lists are merged, a prompt goes to the
/// upstream that listed it, and a resource read to the upstream that listed the URI or a template it matches. Any other
/// URI is refused, never tried on the upstreams: a server may answer URIs it does not list (a file server reads any
/// path it can), and the agent reaches only what its servers offer. The control decision and the guardrails are the
/// gateway's (<see cref="McpAgentGateway"/>).
/// </summary>
internal sealed class McpPassthrough(IReadOnlyList<McpUpstream> upstreams)
{
    private readonly ConcurrentDictionary<string, McpUpstream> _prompts = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, McpUpstream> _resources = new Dictionary<string, McpUpstream>(StringComparer.Ordinal);
    private IReadOnlyList<(McpResourceTemplate Template, McpUpstream Upstream)> _templates = [];

    public async ValueTask<ListResourcesResult> ListResourcesAsync(CancellationToken cancellationToken)
    {
        var resources = new List<Resource>();
        var index = new Dictionary<string, McpUpstream>(StringComparer.Ordinal);
        foreach (var (upstream, client) in await ResourceServersAsync(cancellationToken))
        {
            string? cursor = null;
            do
            {
                var page = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, cancellationToken);
                foreach (var resource in page.Resources)
                {
                    index.TryAdd(resource.Uri, upstream);
                    resources.Add(resource);
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        Volatile.Write(ref _resources, index);
        return new ListResourcesResult { Resources = resources };
    }

    public async ValueTask<ListResourceTemplatesResult> ListResourceTemplatesAsync(CancellationToken cancellationToken)
    {
        var templates = new List<ResourceTemplate>();
        var matchers = new List<(McpResourceTemplate, McpUpstream)>();
        foreach (var (upstream, client) in await ResourceServersAsync(cancellationToken))
        {
            string? cursor = null;
            do
            {
                var page = await client.ListResourceTemplatesAsync(new ListResourceTemplatesRequestParams { Cursor = cursor }, cancellationToken);
                foreach (var template in page.ResourceTemplates)
                {
                    matchers.Add((new McpResourceTemplate(template.UriTemplate), upstream));
                    templates.Add(template);
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        Volatile.Write(ref _templates, matchers);
        return new ListResourceTemplatesResult { ResourceTemplates = templates };
    }

    /// <summary>Reads <paramref name="uri"/> from the upstream that offers it, listing the upstreams again first when none is known to.</summary>
    /// <exception cref="McpProtocolException">No upstream lists the URI or a template it matches.</exception>
    public async ValueTask<ReadResourceResult> ReadResourceAsync(string uri, CancellationToken cancellationToken)
    {
        var upstream = Route(uri);
        if (upstream is null)
        {
            await ListResourcesAsync(cancellationToken);
            await ListResourceTemplatesAsync(cancellationToken);
            upstream = Route(uri)
                ?? throw new McpProtocolException(
                    $"Resource {uri} is not offered by this agent's MCP servers: Firebreak reads only resources they list or that match their resource templates.",
                    McpErrorCode.InvalidParams);
        }

        return await (await upstream.GetClientAsync(cancellationToken)).ReadResourceAsync(new ReadResourceRequestParams { Uri = uri }, cancellationToken);
    }

    public async ValueTask<ListPromptsResult> ListPromptsAsync(CancellationToken cancellationToken)
    {
        var prompts = new List<Prompt>();
        foreach (var upstream in upstreams)
        {
            var client = await upstream.GetClientAsync(cancellationToken);
            if (client.ServerCapabilities.Prompts is null)
            {
                continue;
            }

            string? cursor = null;
            do
            {
                var page = await client.ListPromptsAsync(new ListPromptsRequestParams { Cursor = cursor }, cancellationToken);
                foreach (var prompt in page.Prompts.Where(p => _prompts.GetOrAdd(p.Name, upstream) == upstream))
                {
                    prompts.Add(prompt);
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        return new ListPromptsResult { Prompts = prompts };
    }

    public async ValueTask<GetPromptResult> GetPromptAsync(GetPromptRequestParams request, CancellationToken cancellationToken)
    {
        if (!_prompts.TryGetValue(request.Name, out var upstream))
        {
            await ListPromptsAsync(cancellationToken);
            if (!_prompts.TryGetValue(request.Name, out upstream))
            {
                throw new McpProtocolException($"Unknown prompt: {request.Name}", McpErrorCode.InvalidParams);
            }
        }

        var client = await upstream.GetClientAsync(cancellationToken);
        return await client.GetPromptAsync(new GetPromptRequestParams { Name = request.Name, Arguments = request.Arguments }, cancellationToken);
    }

    private McpUpstream? Route(string uri)
    {
        if (Volatile.Read(ref _resources).TryGetValue(uri, out var listed))
        {
            return listed;
        }

        foreach (var (template, upstream) in Volatile.Read(ref _templates))
        {
            if (template.Matches(uri))
            {
                return upstream;
            }
        }

        return null;
    }

    private async Task<List<(McpUpstream Upstream, McpClient Client)>> ResourceServersAsync(CancellationToken cancellationToken)
    {
        var servers = new List<(McpUpstream, McpClient)>();
        foreach (var upstream in upstreams)
        {
            var client = await upstream.GetClientAsync(cancellationToken);
            if (client.ServerCapabilities.Resources is not null)
            {
                servers.Add((upstream, client));
            }
        }

        return servers;
    }
}
