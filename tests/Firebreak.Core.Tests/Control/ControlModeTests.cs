using System.Text.Json;
using Firebreak.Control;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlModeTests
{
    [Fact]
    public void Modes_AreOrderedByRestrictiveness()
    {
        ControlMode[] leastToMost = [ControlMode.Normal, ControlMode.Approval, ControlMode.Shadow, ControlMode.Fallback, ControlMode.Paused, ControlMode.Killed];

        for (var i = 1; i < leastToMost.Length; i++)
        {
            Assert.True(leastToMost[i] > leastToMost[i - 1], $"{leastToMost[i]} must be more restrictive than {leastToMost[i - 1]}");
        }

        Assert.Equal(leastToMost, Enum.GetValues<ControlMode>());
    }

    [Theory]
    [InlineData(ControlMode.Normal, "\"normal\"")]
    [InlineData(ControlMode.Approval, "\"approval\"")]
    [InlineData(ControlMode.Shadow, "\"shadow\"")]
    [InlineData(ControlMode.Fallback, "\"fallback\"")]
    [InlineData(ControlMode.Paused, "\"paused\"")]
    [InlineData(ControlMode.Killed, "\"killed\"")]
    public void Json_WritesAndReadsSnakeCaseNames(ControlMode mode, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(mode, FirebreakJson.Options));
        Assert.Equal(mode, JsonSerializer.Deserialize<ControlMode>(json, FirebreakJson.Options));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("\"frozen\"")]
    public void Json_RefusesNumbersAndUnknownNames(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ControlMode>(json, FirebreakJson.Options));
}
