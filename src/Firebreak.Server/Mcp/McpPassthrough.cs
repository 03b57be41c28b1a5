using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Firebreak.Server.Mcp;

/// <summary>
/// Resources and prompts of an agent's upstreams, passed through read-only: lists are merged, and a read or a
/// prompt goes to the upstream that listed it (or, for a resource not listed, the first upstream that can read it).
/// </summary>
internal sealed class McpPassthrough(IReadOnlyList<McpUpstream> upstreams)
{
    private readonly ConcurrentDictionary<string, McpUpstream> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, McpUpstream> _prompts = new(StringComparer.Ordinal);

    public async ValueTask<ListResourcesResult> ListResourcesAsync(CancellationToken cancellationToken)
    {
        var resources = new List<Resource>();
        foreach (var upstream in upstreams)
        {
            var client = await upstream.GetClientAsync(cancellationToken);
            if (client.ServerCapabilities.Resources is null)
            {
                continue;
            }

            string? cursor = null;
            do
            {
                var page = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, cancellationToken);
                foreach (var resource in page.Resources)
                {
                    _resources.TryAdd(resource.Uri, upstream);
                    resources.Add(resource);
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        return new ListResourcesResult { Resources = resources };
    }

    public async ValueTask<ReadResourceResult> ReadResourceAsync(ReadResourceRequestParams request, CancellationToken cancellationToken)
    {
        if (_resources.TryGetValue(request.Uri, out var listed))
        {
            return await (await listed.GetClientAsync(cancellationToken)).ReadResourceAsync(new ReadResourceRequestParams { Uri = request.Uri }, cancellationToken);
        }

        McpException? last = null;
        foreach (var upstream in upstreams)
        {
            var client = await upstream.GetClientAsync(cancellationToken);
            if (client.ServerCapabilities.Resources is null)
            {
                continue;
            }

            try
            {
                return await client.ReadResourceAsync(new ReadResourceRequestParams { Uri = request.Uri }, cancellationToken);
            }
            catch (McpException e)
            {
                last = e;
            }
        }

        throw new McpProtocolException($"Resource not found: {request.Uri}", last, McpErrorCode.InvalidParams);
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
}
