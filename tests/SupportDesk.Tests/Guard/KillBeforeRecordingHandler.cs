using System.Net;
using Firebreak.Client;
using Firebreak.Control;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// Sits between a guard and the real server and, when the guard posts its first <c>pending</c> record, has an operator
/// kill the agent first: the kill is committed on the server before the record arrives, while the guard decided from
/// the snapshot before it. The record is sent whatever the guard's token says, so the server's answer is always seen.
/// </summary>
internal sealed class KillBeforeRecordingHandler(FirebreakClient operatorClient, string agentId) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _killed;

    /// <summary>What the server answered to the record sent after the kill; <see langword="null"/> until then.</summary>
    public HttpStatusCode? AnswerAfterKill { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != "/api/v1/actions" || Interlocked.Exchange(ref _killed, 1) != 0)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        await operatorClient.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "refund storm", ControlMode.Killed, agentId), TimeSpan.Zero, CancellationToken.None);
        var response = await base.SendAsync(request, CancellationToken.None);
        AnswerAfterKill = response.StatusCode;
        return response;
    }
}
