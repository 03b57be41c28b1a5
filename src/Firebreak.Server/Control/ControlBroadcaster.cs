using Firebreak.Held;
using System.Collections.Concurrent;
using Firebreak.Control;

namespace Firebreak.Server.Control;

/// <summary>Fans snapshots and redeliveries out to the streams open on this node.</summary>
internal sealed class ControlBroadcaster
{
    private readonly ConcurrentDictionary<ControlSubscription, byte> _subscriptions = new();

    public ControlSubscription Subscribe(string? agentId)
    {
        var subscription = new ControlSubscription(agentId, s => _subscriptions.TryRemove(s, out _));
        _subscriptions[subscription] = 0;
        return subscription;
    }

    /// <summary>Every stream gets every epoch, so all points on a node report the same epoch; each sees only its agent's view.</summary>
    public void Publish(ControlSnapshot snapshot)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            subscription.Post(new ControlStreamMessage(snapshot, null));
        }
    }

    /// <summary>Sends <paramref name="item"/> to the streams of its agent and to the streams that serve every agent.</summary>
    public void Redeliver(HeldItem item)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.AgentId is null || string.Equals(subscription.AgentId, item.AgentId, StringComparison.Ordinal))
            {
                subscription.Post(new ControlStreamMessage(null, item));
            }
        }
    }
}
