namespace CloudSniper.Cli.Output;

/// <summary>How a verb writes data to stdout.</summary>
public enum OutputFormat
{
    Table,
    Json,
    Jsonl,
    Csv,
    Html,
    Md,
}
