namespace Firebreak.Server.Storage;

/// <summary>
/// Takes the rows of a query of two text columns as their UTF-8 bytes, so that a reader of hundreds of thousands of
/// rows allocates no string per value. The spans are valid only during the call.
/// </summary>
internal interface IUtf8PairSink
{
    void Add(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second);
}
