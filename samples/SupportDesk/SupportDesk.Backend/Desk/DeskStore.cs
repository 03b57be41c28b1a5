using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportDesk.Backend.Contracts;
using SupportDesk.Backend.Drills;

namespace SupportDesk.Backend.Desk;

/// <summary>
/// The desk's state behind one lock. Every change is written to <see cref="DeskOptions.StateFile"/> before it is
/// acknowledged, so a backend killed mid-stream comes back with exactly the side effects it reported.
/// </summary>
public sealed class DeskStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Drill work is spread over this many customers, so the wrong refunds of a drill are not all one customer's.</summary>
    private const int DrillCustomers = 50;

    private readonly Lock _gate = new();
    private readonly DeskOptions _options;
    private readonly TimeProvider _time;
    private readonly DeskState _state;

    public DeskStore(IOptions<DeskOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _state = Load(_options.StateFile);
    }

    /// <summary>Creates the configured tickets and orders, only on an empty desk so a restart does not seed twice.</summary>
    public void SeedIfEmpty() => Write(() =>
    {
        if (_state.Orders.Count > 0 || _state.Tickets.Count > 0)
        {
            return 0;
        }

        foreach (var seed in DeskSeed.Create(_options.SeedTickets, _options.SeedCustomers))
        {
            var order = new Order(NextId("o"), seed.CustomerId, seed.AmountPaid, seed.Currency, 0m);
            _state.Orders[order.Id] = order;
            AddTicket(seed.CustomerId, order.Id, seed.Subject(order.Id), seed.Body(order.Id));
        }

        return _options.SeedTickets;
    });

    public DeskOutcome<Order> CreateOrder(CreateOrderRequest request) => Write<DeskOutcome<Order>>(() =>
    {
        var id = request.Id ?? NextId("o");
        if (_state.Orders.ContainsKey(id))
        {
            return DeskError.Conflict($"Order '{id}' already exists.");
        }

        var order = new Order(id, request.CustomerId!, request.AmountPaid, request.Currency!.ToUpperInvariant(), 0m);
        _state.Orders[id] = order;
        return new DeskOutcome<Order>(order, null);
    });

    /// <summary>
    /// Queues <paramref name="count"/> tickets of the demo data's mix, each about its own order <c>&lt;prefix&gt;-&lt;i&gt;</c>,
    /// in one write; refused, with nothing created, when one of those orders exists.
    /// </summary>
    public DeskOutcome<DrillWork> QueueDrillWork(string prefix, int count) => Write<DeskOutcome<DrillWork>>(() =>
    {
        var orderIds = Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}")).ToList();
        if (orderIds.FirstOrDefault(_state.Orders.ContainsKey) is { } taken)
        {
            return DeskError.Conflict($"Order '{taken}' already exists: queue drill work under a new prefix.");
        }

        var tickets = new List<string>(count);
        foreach (var (seed, orderId) in DeskSeed.Create(count, DrillCustomers).Zip(orderIds))
        {
            _state.Orders[orderId] = new Order(orderId, seed.CustomerId, seed.AmountPaid, seed.Currency, 0m);
            tickets.Add(AddTicket(seed.CustomerId, orderId, seed.Subject(orderId), seed.Body(orderId)).Id);
        }

        return new DeskOutcome<DrillWork>(new DrillWork(prefix, count, tickets), null);
    });

    public OrderDetails? GetOrder(string id)
    {
        lock (_gate)
        {
            return _state.Orders.TryGetValue(id, out var order)
                ? new OrderDetails(order, [.. _state.Refunds.Values.Where(r => r.OrderId == id).OrderBy(r => r.CreatedAt)])
                : null;
        }
    }

    public Refund? GetRefund(string id)
    {
        lock (_gate)
        {
            return _state.Refunds.GetValueOrDefault(id);
        }
    }

    public DeskOutcome<Refund> IssueRefund(RefundRequest request, string idempotencyKey, string? correlationId) => Write(() =>
    {
        var currency = request.Currency!.ToUpperInvariant();
        var fingerprint = string.Join('|', request.OrderId, Normalize(request.Amount), currency, request.Reason);
        return Idempotent<Refund>("refunds", idempotencyKey, fingerprint, () =>
        {
            if (!_state.Orders.TryGetValue(request.OrderId!, out var order))
            {
                return DeskError.NotFound("Order", request.OrderId!);
            }

            if (order.Currency != currency)
            {
                return DeskError.Unprocessable($"Order '{order.Id}' was paid in {order.Currency}, not {currency}.");
            }

            if (request.Amount > order.Refundable)
            {
                return DeskError.Unprocessable(
                    $"Order '{order.Id}' has {Normalize(order.Refundable)} {order.Currency} left to refund; {Normalize(request.Amount)} was asked.");
            }

            var refund = new Refund(NextId("re"), order.Id, order.CustomerId, request.Amount, currency, request.Reason, correlationId, _time.GetUtcNow());
            _state.Refunds[refund.Id] = refund;
            _state.Orders[order.Id] = order with { RefundedTotal = order.RefundedTotal + request.Amount };
            _state.Counters.Refunds++;
            _state.Counters.RefundedAmount += request.Amount;
            return new DeskOutcome<Refund>(refund, null);
        });
    });

    /// <summary>The compensation of a refund: gives the money back to the merchant, at most once per refund whatever the key.</summary>
    public DeskOutcome<Reversal> ReverseRefund(string refundId, string idempotencyKey, string? correlationId) => Write(() =>
        Idempotent<Reversal>("reversals", idempotencyKey, refundId, () =>
        {
            if (!_state.Refunds.TryGetValue(refundId, out var refund))
            {
                return DeskError.NotFound("Refund", refundId);
            }

            if (refund.ReversalId is not null)
            {
                return DeskError.Conflict($"Refund '{refundId}' was already reversed by '{refund.ReversalId}'.");
            }

            var reversal = new Reversal(NextId("rv"), refund.Id, refund.Amount, refund.Currency, correlationId, _time.GetUtcNow());
            _state.Reversals[reversal.Id] = reversal;
            _state.Refunds[refund.Id] = refund with { ReversalId = reversal.Id };
            var order = _state.Orders[refund.OrderId];
            _state.Orders[order.Id] = order with { RefundedTotal = order.RefundedTotal - refund.Amount };
            _state.Counters.Reversals++;
            return new DeskOutcome<Reversal>(reversal, null);
        }));

    public DeskOutcome<Email> SendEmail(EmailRequest request, string? idempotencyKey, string? correlationId) => Write(() =>
        Idempotent<Email>("emails", idempotencyKey, string.Join('|', request.CustomerId, request.Subject, request.Body), () =>
        {
            var email = new Email(NextId("em"), request.CustomerId!, request.Subject!, request.Body!, correlationId, _time.GetUtcNow());
            _state.Outbox.Add(email);
            _state.Counters.EmailsSent++;
            return new DeskOutcome<Email>(email, null);
        }));

    public IReadOnlyList<Email> Outbox()
    {
        lock (_gate)
        {
            return [.. _state.Outbox];
        }
    }

    public Ticket CreateTicket(CreateTicketRequest request) =>
        Write(() => AddTicket(request.CustomerId!, request.OrderId, request.Subject!, request.Body!));

    public Ticket? GetTicket(string id)
    {
        lock (_gate)
        {
            return _state.Tickets.GetValueOrDefault(id);
        }
    }

    /// <summary>Hands out the oldest queued ticket once; <see langword="null"/> when the queue is empty.</summary>
    public Ticket? Dequeue() => Write(() =>
    {
        if (_state.Queue.Count == 0)
        {
            return null;
        }

        var id = _state.Queue[0];
        _state.Queue.RemoveAt(0);
        return _state.Tickets[id];
    });

    /// <summary>Closing a closed ticket changes nothing and is not counted, so an agent retrying the call is harmless.</summary>
    public DeskOutcome<Ticket> CloseTicket(string id, string? resolution) => Write<DeskOutcome<Ticket>>(() =>
    {
        if (!_state.Tickets.TryGetValue(id, out var ticket))
        {
            return DeskError.NotFound("Ticket", id);
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return new DeskOutcome<Ticket>(ticket, null);
        }

        ticket = ticket with { Status = TicketStatus.Closed, Resolution = resolution, ClosedAt = _time.GetUtcNow() };
        _state.Tickets[id] = ticket;
        _state.Counters.TicketsClosed++;
        return new DeskOutcome<Ticket>(ticket, null);
    });

    /// <summary>
    /// The compensation of <c>close_ticket</c>. The ticket is not queued again: an agent that closed it wrongly may
    /// still be running, so a reopened ticket waits for a person.
    /// </summary>
    public DeskOutcome<Ticket> ReopenTicket(string id) => Write<DeskOutcome<Ticket>>(() =>
    {
        if (!_state.Tickets.TryGetValue(id, out var ticket))
        {
            return DeskError.NotFound("Ticket", id);
        }

        if (ticket.Status == TicketStatus.Open)
        {
            return new DeskOutcome<Ticket>(ticket, null);
        }

        ticket = ticket with { Status = TicketStatus.Open, Resolution = null, ClosedAt = null };
        _state.Tickets[id] = ticket;
        _state.Counters.TicketsReopened++;
        return new DeskOutcome<Ticket>(ticket, null);
    });

    public DeskCounters Counters()
    {
        lock (_gate)
        {
            return _state.Counters.Copy();
        }
    }

    private static string Normalize(decimal amount) => amount.ToString("0.############", CultureInfo.InvariantCulture);

    private static DeskState Load(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return new DeskState();
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<DeskState>(stream, Json)
            ?? throw new InvalidDataException($"The state file '{path}' holds no desk state.");
    }

    private Ticket AddTicket(string customerId, string? orderId, string subject, string body)
    {
        var ticket = new Ticket(NextId("t"), customerId, orderId, subject, body, _time.GetUtcNow());
        _state.Tickets[ticket.Id] = ticket;
        _state.Queue.Add(ticket.Id);
        return ticket;
    }

    private string NextId(string prefix)
    {
        // Orders may be created with an id chosen by the caller, which the sequence then skips.
        string id;
        do
        {
            var next = _state.Sequences.GetValueOrDefault(prefix) + 1;
            _state.Sequences[prefix] = next;
            id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{next}");
        }
        while (_state.Orders.ContainsKey(id));

        return id;
    }

    /// <summary>Stripe's rule: the same key with the same request gets the first answer again; with another request, a 409.</summary>
    private DeskOutcome<T> Idempotent<T>(string scope, string? key, string fingerprint, Func<DeskOutcome<T>> execute)
    {
        if (key is null)
        {
            return execute();
        }

        var slot = $"{scope}:{key}";
        if (_state.Idempotency.TryGetValue(slot, out var record))
        {
            return record.Fingerprint == fingerprint
                ? new DeskOutcome<T>(record.Response.Deserialize<T>(Json), null, Replayed: true)
                : DeskError.Conflict($"Idempotency key '{key}' was already used with a different request.");
        }

        var outcome = execute();
        // Refusals are not remembered: a request refused for the state it met may succeed once that state changes.
        if (outcome.Error is null)
        {
            _state.Idempotency[slot] = new IdempotencyRecord(fingerprint, JsonSerializer.SerializeToElement(outcome.Value, Json));
        }

        return outcome;
    }

    private T Write<T>(Func<T> change)
    {
        lock (_gate)
        {
            var result = change();
            Save();
            return result;
        }
    }

    /// <summary>Write-then-rename, so a crash leaves either the previous state or the new one, never half a file.</summary>
    private void Save()
    {
        if (string.IsNullOrEmpty(_options.StateFile))
        {
            return;
        }

        var path = Path.GetFullPath(_options.StateFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _state, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
