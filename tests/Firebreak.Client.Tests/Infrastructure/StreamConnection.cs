using System.Threading.Channels;

namespace Firebreak.Client.Tests.Infrastructure;

/// <summary>One open control stream of the test control plane: the SSE frames still to write.</summary>
internal sealed class StreamConnection
{
    public Channel<string> Frames { get; } = Channel.CreateUnbounded<string>();
}
