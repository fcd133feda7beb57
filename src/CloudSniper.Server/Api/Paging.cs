using System.Globalization;
using System.Text;

namespace CloudSniper.Server.Api;

/// <summary>
/// Cursor paging: <c>limit</c> (1–1000, default 100) and an opaque <c>cursor</c> from the previous page's <c>next</c>.
/// The cursor encodes the position in the list's order, so a page is stable while nothing is added before it.
/// </summary>
public readonly record struct Paging(int Offset, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Reads <paramref name="limit"/> and <paramref name="cursor"/>; the error names the bad parameter.</summary>
    public static bool TryParse(int? limit, string? cursor, out Paging paging, out string? error)
    {
        paging = default;
        error = null;
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            error = $"limit must be between 1 and {MaxLimit}; got {size}";
            return false;
        }

        var offset = 0;
        if (!string.IsNullOrEmpty(cursor))
        {
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            }
            catch (FormatException)
            {
                text = "";
            }

            if (!text.StartsWith("o:", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            {
                error = "cursor is not one this server issued; pass the 'next' value of the previous page";
                return false;
            }
        }

        paging = new Paging(offset, size);
        return true;
    }

    /// <summary>The cursor of the page after this one.</summary>
    public string NextCursor() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("o:" + (Offset + Limit).ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Takes this page from <paramref name="source"/>, keeping only items <paramref name="keep"/> accepts.</summary>
    public async Task<Page<T>> TakeAsync<T>(IAsyncEnumerable<T> source, Func<T, bool> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keep);
        var items = new List<T>(Math.Min(Limit, 256));
        var seen = 0;
        var more = false;
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!keep(item))
            {
                continue;
            }

            if (seen++ < Offset)
            {
                continue;
            }

            if (items.Count == Limit)
            {
                more = true;
                break;
            }

            items.Add(item);
        }

        return new Page<T>(items, more ? NextCursor() : null);
    }

    /// <summary>Takes this page from a list.</summary>
    public Page<T> Take<T>(IReadOnlyList<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var items = source.Skip(Offset).Take(Limit).ToList();
        return new Page<T>(items, source.Count > Offset + Limit ? NextCursor() : null);
    }

    /// <summary>How many items a store must return for this page to be complete (one more tells whether a next page exists).</summary>
    public int Needed => Offset + Limit + 1;
}
