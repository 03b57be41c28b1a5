using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Storage;

/// <summary>
/// The single writer. Every write is queued here and applied on one connection, many writes per transaction:
/// SQLite allows one writer at a time anyway, so batching is what turns one fsync per write into one per batch.
/// A write's task completes only after its transaction has committed, so an acknowledged write is durable.
/// </summary>
internal sealed partial class StoreWriter(
    Database database,
    TimeProvider time,
    IOptions<StorageOptions> options,
    ILogger<StoreWriter> logger) : BackgroundService
{
    private readonly Channel<WriteOperation> _queue = Channel.CreateBounded<WriteOperation>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly HashSet<ActionKey> _actionKeys = [];

    /// <summary>
    /// Queues <paramref name="apply"/> to run inside the next write transaction and waits for the commit.
    /// <paramref name="apply"/> must check everything it needs before it writes anything: when it returns a
    /// refusal instead of writing, the rest of its batch commits unaffected.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<WriteContext, T> apply, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new WriteOperation<T>(apply, null), cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync{T}"/> for a write that records the action with idempotency key
    /// <paramref name="actionKey"/>: the batch looks all such keys up in one query before its writes run
    /// (<see cref="WriteContext.IsActionKeyTaken"/>).
    /// </summary>
    public Task<T> WriteActionAsync<T>(ActionKey actionKey, Func<WriteContext, T> apply, CancellationToken cancellationToken = default) =>
        EnqueueAsync(new WriteOperation<T>(apply, actionKey), cancellationToken);

    private async Task<T> EnqueueAsync<T>(WriteOperation<T> operation, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(operation, cancellationToken);
        return await operation.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxBatch = options.Value.MaxBatchSize;
        var batch = new List<WriteOperation>(maxBatch);
        await using var connection = await database.OpenWriterAsync(stoppingToken);
        using var context = new WriteContext(connection, database);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < maxBatch && _queue.Reader.TryRead(out var operation))
                {
                    batch.Add(operation);
                }

                Commit(context, batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is still queued was never acknowledged.
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Fail(new OperationCanceledException("Firebreak is shutting down."));
            }
        }
    }

    private void Commit(WriteContext context, List<WriteOperation> batch)
    {
        try
        {
            RunInTransaction(context, batch);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad write must not fail its neighbours: retry each alone so only the culprit fails.
            LogBatchFailed(logger, batch.Count, ex);
            foreach (var operation in batch)
            {
                try
                {
                    RunInTransaction(context, [operation]);
                }
                catch (Exception single)
                {
                    operation.Fail(single);
                }
            }
        }
        catch (Exception ex)
        {
            batch[0].Fail(ex);
        }
    }

    private void RunInTransaction(WriteContext context, List<WriteOperation> batch)
    {
        _actionKeys.Clear();
        foreach (var operation in batch)
        {
            if (operation.ActionKey is { } key)
            {
                _actionKeys.Add(key);
            }
        }

        using var transaction = context.Connection.BeginTransaction();
        context.Begin(transaction, time.GetUtcNow(), _actionKeys);
        foreach (var operation in batch)
        {
            operation.Apply(context);
        }

        context.Flush();
        transaction.Commit();
        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} writes failed; retrying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    private abstract class WriteOperation(ActionKey? actionKey)
    {
        public ActionKey? ActionKey => actionKey;

        public abstract void Apply(WriteContext context);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class WriteOperation<T>(Func<WriteContext, T> apply, ActionKey? actionKey) : WriteOperation(actionKey)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override void Apply(WriteContext context) => _result = apply(context);

        public override void Complete() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
