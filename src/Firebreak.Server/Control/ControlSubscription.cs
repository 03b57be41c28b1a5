using System.Threading.Channels;

namespace Firebreak.Server.Control;

/// <summary>One open stream's inbox. Disposing it unsubscribes.</summary>
internal sealed class ControlSubscription(string? agentId, Action<ControlSubscription> unsubscribe) : IDisposable
{
    // Unbounded: messages are rare (operator acts), and dropping one would lose a change or a redelivery.
    private readonly Channel<ControlStreamMessage> _inbox = Channel.CreateUnbounded<ControlStreamMessage>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The agent the stream serves; <see langword="null"/> for every agent.</summary>
    public string? AgentId { get; } = agentId;

    public ChannelReader<ControlStreamMessage> Reader => _inbox.Reader;

    public void Post(ControlStreamMessage message) => _inbox.Writer.TryWrite(message);

    public void Dispose()
    {
        unsubscribe(this);
        _inbox.Writer.TryComplete();
    }
}
