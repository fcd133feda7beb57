namespace CloudSniper.Core.Jobs;

/// <summary>Why a run started.</summary>
public enum JobTrigger
{
    /// <summary>Its schedule was due.</summary>
    Schedule,

    /// <summary>Someone asked for it (<c>sniper jobs run</c>, <c>POST /api/v1/jobs/{name}/run</c>).</summary>
    Manual,
}
