using System.Threading.Channels;

namespace Firebreak.Client.Tests.Infrastructure;

/// <summary>One open control stream of the test control plane: the SSE frames still to write.</summary>
internal sealed class StreamConnection(string pointId, string? lastEventId)
{
    public string PointId { get; } = pointId;

    public string? LastEventId { get; } = lastEventId;

    public Channel<string> Frames { get; } = Channel.CreateUnbounded<string>();
}
