namespace CloudSniper.Aws.Signing;

/// <summary>The SNS operation the response engine needs, over awsQuery (version 2010-03-31).</summary>
public sealed class SnsClient(SignedAwsClient client)
{
    /// <summary>Publishes a message to a topic; returns the message id.</summary>
    public async Task<string?> PublishAsync(string topicArn, string subject, string message, CancellationToken cancellationToken)
    {
        var result = await client.QueryAsync("Publish", "2010-03-31", [new("TopicArn", topicArn), new("Subject", subject), new("Message", message)], cancellationToken).ConfigureAwait(false);
        return result.Elements().FirstOrDefault(e => e.Name.LocalName == "MessageId")?.Value;
    }
}
