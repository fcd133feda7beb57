namespace CloudSniper.Core.Runbook.Model;

/// <summary>Calls by a principal from a user agent outside its programmatic families (a browser, a console session, an unknown tool).</summary>
public sealed record UnusualUserAgent(string Principal, string UserAgent, string Family, string EventName, long Count);
