using System.Text.Json.Serialization;

namespace CloudSniper.Core.Runbook.Model;

/// <summary>A check's outcome: PASS, FAIL, MUTED (by the mute list) or ERROR (could not be evaluated, e.g. access denied).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    [JsonStringEnumMemberName("PASS")]
    Pass,

    [JsonStringEnumMemberName("FAIL")]
    Fail,

    [JsonStringEnumMemberName("MUTED")]
    Muted,

    [JsonStringEnumMemberName("ERROR")]
    Error,
}
