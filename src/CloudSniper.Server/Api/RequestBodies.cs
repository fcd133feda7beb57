using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CloudSniper.Server.Api;

/// <summary>Reads a request body whole, refusing one over the configured limit (413) whether or not it declares its length.</summary>
public static class RequestBodies
{
    /// <summary>The body's bytes, or null when it is over <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The reason a JSON (or JSON lines) body nests deeper than <paramref name="maxDepth"/>, or null. Other syntax errors
    /// are left to the parsers, which report them with their line.
    /// </summary>
    public static string? CheckDepth(byte[] body, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(body);
        var start = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (start.IsEmpty || (start[0] != (byte)'{' && start[0] != (byte)'['))
        {
            return null;
        }

        var reader = new System.Text.Json.Utf8JsonReader(body, new System.Text.Json.JsonReaderOptions { AllowMultipleValues = true, MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= maxDepth)
                {
                    return $"JSON nests deeper than {maxDepth} levels (at byte {reader.TokenStartIndex})";
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The 413 answer.</summary>
    public static IResult TooLarge(long limit) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "Payload Too Large", $"the request body is over the limit of {limit:N0} bytes");
}
