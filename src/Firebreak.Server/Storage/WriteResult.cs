namespace Firebreak.Server.Storage;

internal enum WriteStatus
{
    /// <summary>The write took effect.</summary>
    Created,

    /// <summary>An identical earlier write already took effect; nothing changed.</summary>
    Existing,

    /// <summary>What the write refers to does not exist; nothing changed.</summary>
    NotFound,

    /// <summary>The write contradicts what is stored; nothing changed.</summary>
    Conflict,
}

/// <summary>The outcome of a store write: the stored value, or why nothing was written.</summary>
internal sealed record WriteResult<T>(WriteStatus Status, T? Value, string? Detail = null)
{
    public static WriteResult<T> Created(T value) => new(WriteStatus.Created, value);

    public static WriteResult<T> Existing(T value) => new(WriteStatus.Existing, value);

    public static WriteResult<T> NotFound(string detail) => new(WriteStatus.NotFound, default, detail);

    public static WriteResult<T> Conflict(string detail) => new(WriteStatus.Conflict, default, detail);
}
