namespace Firebreak.Core.Tests.Control;

internal static class Allocations
{
    /// <summary>
    /// Bytes <paramref name="work"/> allocates on this thread, the least of three passes after a warm-up pass:
    /// tiering and on-stack replacement can allocate while the JIT works, a real allocation shows in every pass.
    /// </summary>
    public static long Of(Action work)
    {
        work();
        var least = long.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            work();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
