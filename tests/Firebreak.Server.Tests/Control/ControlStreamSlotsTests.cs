using Firebreak.Server.Control;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Control;

public sealed class ControlStreamSlotsTests
{
    [Fact]
    public void Slots_AreCappedPerKeyAndInTotal_AndEachIsGivenBackOnceOnly()
    {
        var slots = new ControlStreamSlots(Options.Create(new ControlOptions { MaxStreamsPerKey = 2, MaxStreams = 3 }));

        Assert.Equal(ControlStreamAdmission.Opened, slots.TryOpen("key_a", out var a1));
        Assert.Equal(ControlStreamAdmission.Opened, slots.TryOpen("key_a", out var a2));
        Assert.Equal(ControlStreamAdmission.KeyFull, slots.TryOpen("key_a", out var refused));
        Assert.Null(refused);
        Assert.Equal(ControlStreamAdmission.Opened, slots.TryOpen("key_b", out var b1));
        Assert.Equal(ControlStreamAdmission.NodeFull, slots.TryOpen("key_c", out _));
        Assert.Equal(3, slots.Open);

        a1!.Dispose();
        a1.Dispose();
        Assert.Equal(2, slots.Open);
        Assert.Equal(ControlStreamAdmission.Opened, slots.TryOpen("key_c", out var c1));
        Assert.Equal(ControlStreamAdmission.NodeFull, slots.TryOpen("key_a", out _));

        foreach (var slot in new[] { a2, b1, c1 })
        {
            slot!.Dispose();
        }

        Assert.Equal(0, slots.Open);
        Assert.Equal(ControlStreamAdmission.Opened, slots.TryOpen("key_a", out _));
    }
}
