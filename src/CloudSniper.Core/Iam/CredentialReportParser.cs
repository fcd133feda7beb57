using System.Globalization;
using System.Text;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Iam;

/// <summary>
/// Reads an IAM credential report as <c>aws iam get-credential-report</c> returns it once its base64 content is decoded:
/// CSV with a header row, one row per user and one for the root user.
/// </summary>
/// <remarks>
/// Column meanings and special values follow the IAM User Guide, "Getting credential reports for your AWS account":
/// <c>N/A</c> where a value does not apply (no password, no such key, a key never used), <c>no_information</c> in
/// <c>password_last_used</c> for a password never used (or not since tracking began on 2014-10-20), and
/// <c>not_supported</c> in the root row's password columns. Columns are found by name, so a report with added or
/// reordered columns still reads.
/// </remarks>
public static class CredentialReportParser
{
    /// <summary>The columns a review needs; a report without one of them is rejected whole.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    ];

    private const string NotApplicable = "N/A";
    private const string NoInformation = "no_information";
    private const string NotSupported = "not_supported";

    /// <summary>Parses the report text read from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static CredentialReport Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<CredentialReportRow>();
        var errors = new List<RecordError>();
        var fields = new List<string>();
        var header = reader.ReadLine();
        while (header is not null && header.Trim().Length == 0)
        {
            header = reader.ReadLine();
        }

        if (header is null)
        {
            errors.Add(new RecordError(source, 1, null, "empty credential report: no header row"));
            return new CredentialReport(source, rows, errors);
        }

        if (!CsvFields.TrySplit(header.TrimStart('\uFEFF'), ',', fields))
        {
            errors.Add(new RecordError(source, 1, null, "the header row has an unclosed quote"));
            return new CredentialReport(source, rows, errors);
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            columns.TryAdd(fields[i], i);
        }

        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new RecordError(source, 1, null, "not an IAM credential report: missing column(s) " + string.Join(", ", missing)));
            return new CredentialReport(source, rows, errors);
        }

        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            if (!CsvFields.TrySplit(text, ',', fields))
            {
                errors.Add(new RecordError(source, line, null, "unclosed quote"));
                continue;
            }

            if (fields.Count < columns.Values.Max() + 1)
            {
                errors.Add(new RecordError(source, line, null, $"expected {columns.Count} fields, found {fields.Count}"));
                continue;
            }

            try
            {
                rows.Add(ReadRow(fields, columns, line));
            }
            catch (FormatException ex)
            {
                errors.Add(new RecordError(source, line, null, ex.Message));
            }
        }

        return new CredentialReport(source, rows, errors);
    }

    /// <summary>Parses report text held in a string.</summary>
    public static CredentialReport Parse(string csv, string source)
    {
        using var reader = new StringReader(csv);
        return Parse(reader, source);
    }

    /// <summary>Parses a report file (UTF-8).</summary>
    public static CredentialReport ParseFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader, path);
    }

    private static CredentialReportRow ReadRow(List<string> fields, Dictionary<string, int> columns, long line)
    {
        string Col(string name) => columns.TryGetValue(name, out var i) && i < fields.Count ? fields[i] : NotApplicable;

        var user = Col("user");
        if (user.Length == 0)
        {
            throw new FormatException("empty user name");
        }

        var passwordLastUsed = Col("password_last_used");
        return new CredentialReportRow
        {
            User = user,
            Arn = Col("arn"),
            Line = line,
            Created = Time(Col("user_creation_time"), "user_creation_time"),
            PasswordEnabled = Col("password_enabled") == NotSupported ? null : Bool(Col("password_enabled"), "password_enabled"),
            PasswordLastUsed = Time(passwordLastUsed, "password_last_used"),
            PasswordNeverUsed = passwordLastUsed == NoInformation,
            PasswordLastChanged = Time(Col("password_last_changed"), "password_last_changed"),
            MfaActive = Bool(Col("mfa_active"), "mfa_active"),
            Key1 = Key(1, Col),
            Key2 = Key(2, Col),
        };
    }

    private static AccessKeyColumns Key(int n, Func<string, string> col)
    {
        var prefix = "access_key_" + n.ToString(CultureInfo.InvariantCulture) + "_";
        return new AccessKeyColumns(
            n,
            Bool(col(prefix + "active"), prefix + "active"),
            Time(col(prefix + "last_rotated"), prefix + "last_rotated"),
            Time(col(prefix + "last_used_date"), prefix + "last_used_date"),
            Text(col(prefix + "last_used_region")),
            Text(col(prefix + "last_used_service")));
    }

    private static bool Bool(string value, string column) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : throw new FormatException($"{column}: expected true or false, found '{Preview(value)}'");

    private static DateTimeOffset? Time(string value, string column)
    {
        if (value is NotApplicable or NoInformation or NotSupported || value.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new FormatException($"{column}: not an ISO 8601 time: '{Preview(value)}'");
    }

    private static string? Text(string value) => value is NotApplicable or NoInformation or NotSupported || value.Length == 0 ? null : value;

    private static string Preview(string value) => Escaping.ErrorPreview.Of(value);
}
