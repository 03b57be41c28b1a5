using System.Net.Http.Headers;
using Firebreak.Auth;
using Firebreak.Server.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>The real server in process, on a fresh SQLite file (or a given PostgreSQL database), with the sample registry.</summary>
public sealed class FirebreakApp : WebApplicationFactory<Program>
{
    public const string OperatorKey = "fbk_test_operator_key";

    private readonly TempDirectory _directory = new();
    /// <summary>When set, the app runs on this PostgreSQL database instead of a fresh SQLite file.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Configuration the app starts with on top of the test defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public string DatabasePath => _directory.File("firebreak.db");

    public HttpClient Anonymous() => CreateClient();

    public HttpClient Operator() => WithKey(OperatorKey);

    public async Task<HttpClient> ClientFor(ApiKeyRole role, string? agentId = null, IReadOnlyList<string>? agentIds = null)
    {
        if (role == ApiKeyRole.Operator && agentId is null)
        {
            return Operator();
        }

        var keys = Services.GetRequiredService<ApiKeyStore>();
        var created = await keys.CreateAsync(new CreateApiKeyRequest($"test-{role}", role, agentId, agentIds), CancellationToken.None);
        return WithKey(created.Key);
    }

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Firebreak:BootstrapOperatorKey", OperatorKey);
        builder.UseSetting("Firebreak:RegistryFile", RepositoryPaths.SampleRegistry);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (PostgresConnectionString is null)
        {
            builder.UseSetting("Firebreak:Storage:Provider", "sqlite");
            builder.UseSetting("Firebreak:Storage:ConnectionString", DatabasePath);
        }
        else
        {
            builder.UseSetting("Firebreak:Storage:Provider", "postgres");
            builder.UseSetting("Firebreak:Storage:ConnectionString", PostgresConnectionString);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _directory.Dispose();
        }
    }
}
