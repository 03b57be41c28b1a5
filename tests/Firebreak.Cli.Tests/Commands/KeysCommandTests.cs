using System.Net;
using Firebreak.Client;

namespace Firebreak.Cli.Tests.Commands;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task Create_SendsNameRoleAndAgent_AndShowsTheSecretOnce()
    {
        var created = new CreatedApiKey("key-1", "support-prod", ApiKeyRole.Agent, "support-agent", DateTimeOffset.UnixEpoch, "fbk_secret");
        var handler = new CannedHandler().Json("/api/v1/keys", created, HttpStatusCode.Created);

        var run = await CliRun.RunAsync(
            ["keys", "create", "--name", "support-prod", "--role", "agent", "--agent", "support-agent", "--api-key", "k"],
            handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("""{"name":"support-prod","role":"agent","agentId":"support-agent"}""", request.Body);
        Assert.Contains("fbk_secret", run.Output, StringComparison.Ordinal);
        Assert.Contains("not shown again", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_SendsDelete()
    {
        var handler = new CannedHandler().Text("/api/v1/keys/key-1", HttpStatusCode.NoContent, "text/plain", string.Empty);

        var run = await CliRun.RunAsync(["keys", "revoke", "key-1", "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(HttpMethod.Delete, Assert.Single(handler.Requests).Method);
        Assert.Contains("Key key-1 revoked.", run.Output, StringComparison.Ordinal);
    }
}
