using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper ip-ranges refresh|show</c>: the AWS service ranges the guard never blocks.</summary>
public static class IpRangesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("ip-ranges", "Show or refresh the snapshot of AWS's published ip-ranges.json that the response guard uses");

        var file = new Option<string?>("--file") { Description = "Load ip-ranges.json from this file" };
        var url = new Option<string?>("--url") { Description = "Download ip-ranges.json from this URL (AWS publishes it at https://ip-ranges.amazonaws.com/ip-ranges.json)" };
        var refresh = new Command("refresh", "Validate and install a new ip-ranges.json (from --file or --url) in the data directory; it then replaces the bundled snapshot");
        refresh.Options.Add(file);
        refresh.Options.Add(url);
        refresh.SetAction(async (parse, ct) =>
        {
            byte[] bytes;
            if (parse.GetValue(file) is { } path)
            {
                var full = Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
                bytes = File.Exists(full) ? await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false) : throw new UsageException($"'{path}' not found");
            }
            else if (parse.GetValue(url) is { } address)
            {
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                {
                    throw new UsageException("--url must be an https URL");
                }

                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                try
                {
                    bytes = await http.GetByteArrayAsync(uri, ct).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    await env.Error.WriteLineAsync($"sniper: cannot download {uri}: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Aws;
                }
            }
            else
            {
                throw new UsageException("give --file PATH or --url URL");
            }

            AwsIpRanges ranges;
            try
            {
                ranges = AwsIpRanges.Parse(new MemoryStream(bytes));
            }
            catch (FormatException ex)
            {
                await env.Error.WriteLineAsync($"sniper: rejected: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.InputRejected;
            }

            Directory.CreateDirectory(env.DataDirectory);
            var target = ResponseHost.IpRangesPath(env);
            var temp = target + ".tmp";
            await File.WriteAllBytesAsync(temp, bytes, ct).ConfigureAwait(false);
            File.Move(temp, target, overwrite: true);
            await env.Out.WriteLineAsync($"installed {ranges.PrefixCount} prefixes (createDate {ranges.CreateDate}, syncToken {ranges.SyncToken}) in {target}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(refresh);

        var show = new Command("show", "Print which snapshot is in use, its date and size");
        show.SetAction(async (_, ct) =>
        {
            var path = ResponseHost.IpRangesPath(env);
            AwsIpRanges ranges;
            string source;
            if (File.Exists(path))
            {
                await using var stream = File.OpenRead(path);
                ranges = AwsIpRanges.Parse(stream);
                source = path;
            }
            else
            {
                ranges = AwsIpRanges.LoadBundled();
                source = "bundled snapshot (a representative subset; run sniper ip-ranges refresh for the full list)";
            }

            await env.Out.WriteLineAsync($"{source}: {ranges.PrefixCount} prefixes, createDate {ranges.CreateDate}, syncToken {ranges.SyncToken}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
