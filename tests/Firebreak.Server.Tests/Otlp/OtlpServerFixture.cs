using System.Net;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Otlp;

/// <summary>
/// One real server process for the OTLP tests, with small body limits so the oversized cases stay small, a second
/// agent for the cross-agent attack, and keys of every role. Each test works in traces of its own. Each backend
/// subclasses this once.
/// </summary>
public abstract class OtlpServerFixture : IAsyncLifetime
{
    public const string OperatorKey = "fbk_otlp_operator";

    /// <summary>The body limit as sent (<c>Firebreak:MaxRequestBodyBytes</c>).</summary>
    public const int MaxRequestBodyBytes = 256 * 1024;

    /// <summary>The body limit once decompressed (<c>Firebreak:Otlp:MaxDecompressedBodyBytes</c>).</summary>
    public const int MaxDecompressedBodyBytes = 1024 * 1024;

    internal ServiceProcess Server { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    /// <summary>A key of the <c>support</c> agent.</summary>
    public string SupportKey { get; private set; } = null!;

    public string ViewerKey { get; private set; } = null!;

    public string CiKey { get; private set; } = null!;

    public Uri TracesEndpoint => new(Server.Address, "/v1/traces");

    public async ValueTask InitializeAsync()
    {
        var settings = await StorageSettingsAsync();
        settings["Firebreak:BootstrapOperatorKey"] = OperatorKey;
        settings["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry;
        settings["Firebreak:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Firebreak:Otlp:MaxDecompressedBodyBytes"] = MaxDecompressedBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Server = await ServiceProcess.StartServerAsync(settings, TestContext.Current.CancellationToken);
        Operator = Server.Client(OperatorKey);
        var (billing, billingBody) = await HttpJson.SendAsync(Operator, "PUT", "/api/v1/agents/billing", """{"id":"billing","owner":"finance","tools":[]}""");
        Assert.True(billing.IsSuccessStatusCode, billingBody.ToString());
        SupportKey = await CreateKeyAsync("""{"name":"support-otel","role":"agent","agentId":"support"}""");
        ViewerKey = await CreateKeyAsync("""{"name":"otel-viewer","role":"viewer"}""");
        CiKey = await CreateKeyAsync("""{"name":"otel-ci","role":"ci","agentIds":["support"]}""");
    }

    public virtual async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected abstract Task<Dictionary<string, string>> StorageSettingsAsync();

    private async Task<string> CreateKeyAsync(string json)
    {
        var (created, key) = await HttpJson.PostAsync(Operator, "/api/v1/keys", json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return key.GetProperty("key").GetString()!;
    }
}
