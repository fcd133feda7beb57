using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Configuration;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper ip-ranges refresh|show</c>: the AWS service ranges the guard never blocks.</summary>
public static class IpRangesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("ip-ranges", "Show or refresh the snapshot of AWS's published ip-ranges.json that the response guard uses");

        var file = new Option<string?>("--file") { Description = "Load ip-ranges.json from this file" };
        var url = new Option<string?>("--url") { Description = "Download ip-ranges.json from this URL (default: response.ipRangesUrl, AWS's published " + ResponseConfig.DefaultIpRangesUrl + ")" };
        var refresh = new Command("refresh", "Download AWS's published ip-ranges.json (or load --file), validate it and install it in the data directory, where it replaces the bundled snapshot; a file that does not validate leaves the installed copy as it was");
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
            else
            {
                var address = parse.GetValue(url) ?? ConfigResolver.LoadOrThrow(parse, env).Response.IpRangesUrl;
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                {
                    throw new UsageException($"'{address}' is not an https URL (http is accepted on the loopback interface only)");
                }

                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                try
                {
                    bytes = await http.GetByteArrayAsync(uri, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    var reason = ex is TaskCanceledException ? "no answer within 60 s" : ex.Message;
                    await env.Error.WriteLineAsync($"sniper: cannot download {uri}: {reason}; the installed list is unchanged (or give --file PATH)").ConfigureAwait(false);
                    return ExitCodes.Aws;
                }
            }

            AwsIpRanges ranges;
            try
            {
                ranges = AwsIpRanges.Parse(new MemoryStream(bytes));
            }
            catch (FormatException ex)
            {
                await env.Error.WriteLineAsync($"sniper: rejected: {ex.Message}; the installed list is unchanged").ConfigureAwait(false);
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
