using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Ledger;

/// <summary>
/// Signs the ledger head at an interval (when it moved) and on demand, and publishes each anchor: stored for the API,
/// queued as the <c>ledger.anchor</c> webhook event in the same transaction, and appended to the optional file sink.
/// Off, and saying so, when no key is configured.
/// </summary>
internal sealed partial class LedgerAnchors(
    Database database,
    StoreWriter writer,
    WebhookOutbox outbox,
    TimeProvider time,
    IOptions<LedgerAnchorOptions> options,
    ILogger<LedgerAnchors> logger) : BackgroundService
{
    private readonly AnchorKey? _key = AnchorKey.Load(options.Value);
    private readonly Lock _sink = new();
    private long _lastAnchoredSeq = -1;

    /// <summary>The public key anchors are signed with, base64; null when anchoring is off.</summary>
    public string? PublicKey => _key?.PublicKey;

    /// <summary>Signs retention checkpoints with the anchor key; null when anchoring is off.</summary>
    public Func<byte[], string>? CheckpointSigner => _key is null ? null : _key.Sign;

    /// <summary>
    /// Signs the current head and publishes the anchor. Returns null when anchoring is off, or when
    /// <paramref name="onlyIfMoved"/> and the head has not moved since the last anchor this node made.
    /// </summary>
    public async Task<LedgerAnchor?> AnchorAsync(bool onlyIfMoved, CancellationToken cancellationToken)
    {
        if (_key is not { } key)
        {
            return null;
        }

        var anchor = await writer.WriteAsync(
            context =>
            {
                var (seq, hash) = context.Head;
                if (onlyIfMoved && seq == Interlocked.Read(ref _lastAnchoredSeq))
                {
                    return null;
                }

                var prunedThrough = context.Scalar("SELECT seq FROM ledger_checkpoint WHERE id = 1") is { } pruned
                    ? Convert.ToInt64(pruned, System.Globalization.CultureInfo.InvariantCulture)
                    : 0;
                var signature = key.Sign(LedgerAnchor.SignedBytes(seq, hash, context.NowMs, prunedThrough));
                var signed = new LedgerAnchor(seq, hash, context.Now, prunedThrough, key.PublicKey, signature);
                context.Execute(
                    "INSERT INTO ledger_anchors (seq, hash, anchored_at, pruned_through, public_key, signature) VALUES (@seq, @hash, @at, @pruned, @key, @signature)",
                    ("seq", seq), ("hash", hash), ("at", context.NowMs), ("pruned", prunedThrough), ("key", key.PublicKey), ("signature", signature));
                outbox.EnqueueAnchor(context, signed);
                return signed;
            },
            cancellationToken);
        if (anchor is null)
        {
            return null;
        }

        Interlocked.Exchange(ref _lastAnchoredSeq, anchor.Seq);
        if (options.Value.AnchorFile is { Length: > 0 } file)
        {
            var line = JsonSerializer.Serialize(anchor, FirebreakJson.Options) + "\n";
            lock (_sink)
            {
                File.AppendAllText(file, line);
            }
        }

        LogAnchored(logger, anchor.Seq, anchor.Hash);
        return anchor;
    }

    /// <summary>The most recent anchors this database holds, newest first: a convenience copy, never used to verify.</summary>
    public async Task<IReadOnlyList<LedgerAnchor>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT seq, hash, anchored_at, pruned_through, public_key, signature FROM ledger_anchors ORDER BY id DESC LIMIT @limit");
        command.AddParameter("limit", options.Value.MaxListed);
        var anchors = new List<LedgerAnchor>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            anchors.Add(new LedgerAnchor(
                reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt64(3), reader.GetString(4), reader.GetString(5)));
        }

        return anchors;
    }

    public override void Dispose()
    {
        _key?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_key is null)
        {
            LogOff(logger);
            return;
        }

        LogOn(logger, _key.PublicKey);
        using var timer = new PeriodicTimer(options.Value.AnchorInterval, time);
        do
        {
            try
            {
                await AnchorAsync(onlyIfMoved: true, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger anchoring is off: no Firebreak:Ledger:AnchorKeyFile or AnchorKey is configured")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger anchors are signed with Ed25519 public key {PublicKey}")]
    private static partial void LogOn(ILogger logger, string publicKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger anchored at entry {Seq} ({Hash})")]
    private static partial void LogAnchored(ILogger logger, long seq, string hash);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger anchoring failed; it will be tried again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
