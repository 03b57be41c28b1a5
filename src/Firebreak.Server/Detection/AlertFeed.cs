using System.Threading.Channels;
using Firebreak.Detection;

namespace Firebreak.Server.Detection;

/// <summary>
/// Newly raised alerts, in process: the node that stores a new alert publishes it once, and every subscriber
/// (playbooks, the console stream) receives it. Repeats that only update an existing alert are not published.
/// A subscriber that falls more than <see cref="Capacity"/> alerts behind loses the oldest ones.
/// </summary>
internal sealed class AlertFeed
{
    public const int Capacity = 1024;

    private readonly Lock _gate = new();
    private readonly List<Channel<Alert>> _subscribers = [];

    /// <summary>Hands <paramref name="alert"/> to every current subscriber; never blocks.</summary>
    public void Publish(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(alert);
            }
        }
    }

    /// <summary>Alerts published from now on, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<Alert> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Alert>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        try
        {
            await foreach (var alert in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return alert;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
