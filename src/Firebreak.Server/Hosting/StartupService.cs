using Firebreak.Auth;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Mcp;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Hosting;

/// <summary>
/// Runs before the server accepts requests: migrates the schema, loads the control snapshot, makes sure an operator can get in, and loads the
/// registry file. A failure here stops the host with the reason, rather than serving a half-ready node.
/// </summary>
internal sealed partial class StartupService(
    Migrator migrator,
    ApiKeyStore keys,
    RegistryStore registry,
    ControlPlane control,
    McpUpstreamPolicy upstreamPolicy,
    IOptions<FirebreakOptions> options,
    ILogger<StartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        await control.ReloadAsync(cancellationToken);
        if (options.Value.RegistryFile is { } path)
        {
            var document = RegistryFile.Read(path);
            upstreamPolicy.Declare(document);
            foreach (var agent in document.Agents)
            {
                await registry.UpsertAsync(agent, "file", $"registry file {Path.GetFileName(path)}", cancellationToken);
            }

            // A changed definition took an epoch; other nodes hear of it, and this node's streams start from it.
            await control.ReloadAsync(cancellationToken);
            LogRegistryLoaded(logger, document.Agents.Count, path);
        }

        // Last, so that a key printed once is never lost to a start-up that fails afterwards.
        await EnsureOperatorKeyAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureOperatorKeyAsync(CancellationToken cancellationToken)
    {
        if (options.Value.BootstrapOperatorKey is { Length: > 0 } configured)
        {
            await keys.StoreAsync(configured, new CreateApiKeyRequest("bootstrap", ApiKeyRole.Operator), cancellationToken);
            return;
        }

        if (await keys.AnyActiveOperatorAsync(cancellationToken))
        {
            return;
        }

        var created = await keys.CreateAsync(new CreateApiKeyRequest("bootstrap", ApiKeyRole.Operator), cancellationToken);

        // Printed on the console rather than logged: log pipelines are often shipped and kept, a secret must not be.
        Console.WriteLine();
        Console.WriteLine("  Firebreak operator API key (shown once, stored only as a hash):");
        Console.WriteLine($"  {created.Key}");
        Console.WriteLine($"  export FIREBREAK_API_KEY={created.Key}");
        Console.WriteLine();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} agents from registry file {Path}")]
    private static partial void LogRegistryLoaded(ILogger logger, int count, string path);
}
