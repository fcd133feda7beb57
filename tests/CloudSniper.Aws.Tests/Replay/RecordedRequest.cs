namespace CloudSniper.Aws.Tests.Replay;

/// <summary>A request the replay handler received.</summary>
internal sealed record RecordedRequest(string Operation, string Body, Uri Uri, IReadOnlyDictionary<string, string> Headers);
