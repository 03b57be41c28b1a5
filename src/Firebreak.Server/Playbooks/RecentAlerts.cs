using System.Collections.Concurrent;
using Firebreak.Detection;

namespace Firebreak.Server.Playbooks;

/// <summary>
/// The alerts this node has seen on the <see cref="Server.Detection.AlertFeed"/>, newest <see cref="Capacity"/> kept,
/// so an operator can apply a playbook to a recent alert by id.
/// </summary>
internal sealed class RecentAlerts
{
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Alert> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Add(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (_byId.TryAdd(alert.Id, alert))
        {
            _order.Enqueue(alert.Id);
            while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _byId.TryRemove(oldest, out _);
            }
        }
    }

    public Alert? Find(string id) => _byId.GetValueOrDefault(id);
}
