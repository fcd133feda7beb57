using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Aws.Sources;

/// <summary>
/// Every object under an S3 prefix, listed page by page and streamed when read (never downloaded whole);
/// compressed objects are recognised by their content, not their name.
/// </summary>
public sealed class S3InputSource(IAmazonS3 s3, S3Prefix location) : IInputSource
{
    /// <inheritdoc />
    public async IAsyncEnumerable<InputDocument> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Prefix };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                // Zero-byte keys ending in '/' are console-created folders, not data.
                if (item.Key.EndsWith('/') && item.Size == 0)
                {
                    continue;
                }

                var key = item.Key;
                yield return new InputDocument($"s3://{location.Bucket}/{key}", ct => OpenAsync(key, ct), item.Size);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    private async Task<Stream> OpenAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(location.Bucket, key, cancellationToken).ConfigureAwait(false);
            return new OwnedStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception ex)
        {
            // The pipeline reports an unreadable document and goes on with the others.
            throw new IOException($"{ex.ErrorCode ?? ex.StatusCode.ToString()}: {ex.Message}", ex);
        }
    }
}
