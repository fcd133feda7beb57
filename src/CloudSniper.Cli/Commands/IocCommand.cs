using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Exports;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper ioc list|show|search|add|remove|export</c>: the indicators the knowledge base remembers.</summary>
public static class IocCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("ioc", "Indicators of compromise in the knowledge base: list, inspect, add by hand, remove, and export as a threat-intelligence feed");
        command.Subcommands.Add(List(env, "list", "List indicators, most recently seen first"));
        command.Subcommands.Add(List(env, "search", "List indicators whose value contains TEXT (case-insensitive)", withText: true));
        command.Subcommands.Add(Show(env));
        command.Subcommands.Add(Add(env));
        command.Subcommands.Add(Remove(env));
        command.Subcommands.Add(Export(env));
        return command;
    }

    private static Option<IocType?> TypeOption() => new("--type") { Description = "Only this type: ipv4, ipv6, cidr, domain, url" };

    private static Command List(CliEnvironment env, string name, string description, bool withText = false)
    {
        var text = new Argument<string>("text") { Description = "Text the value must contain" };
        var type = TypeOption();
        var source = new Option<string?>("--source") { Description = "Only indicators reported by this source (guardduty, securityhub, feed:NAME, manual, analytics)" };
        var active = new Option<bool>("--active") { Description = "Only indicators that have not expired: before their expiry and seen within iocTtlDays" };
        var limit = new Option<int>("--limit") { Description = "At most this many (default 100)", DefaultValueFactory = _ => 100 };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv, OutputFormat.Md);
        var command = new Command(name, description) { type, source, active, limit, format };
        if (withText)
        {
            command.Arguments.Add(text);
        }

        command.SetAction(async (parse, ct) =>
        {
            var config = ConfigResolver.LoadOrThrow(parse, env);
            await using var store = await KnowledgeBaseFactory.OpenAsync(KnowledgeBaseFactory.ResolveUri(parse, env, config), env, ct).ConfigureAwait(false);
            var query = new IocQuery(parse.GetValue(type), withText ? parse.GetValue(text) : null, parse.GetValue(source), parse.GetValue(active), env.Time.GetUtcNow(), parse.GetValue(limit), KnowledgeBaseRules.IocTtl(config.IocTtlDays));
            var rows = await store.ListIocsAsync(query, ct).ToListAsync(ct).ConfigureAwait(false);
            DataWriter.Write(env, parse.GetValue(format), rows, Views.IocColumns, title: "Indicators");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var value = new Argument<string>("value") { Description = "The indicator (IP, CIDR, domain or URL)" };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var command = new Command("show", "Show one indicator with every sighting") { value, format };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(value)!;
            var canonical = IocValue.TryNormalize(text, out var v, out _) ? v : text;
            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            var ioc = await store.GetIocAsync(canonical, ct).ConfigureAwait(false);
            if (ioc is null)
            {
                env.Error.WriteLine($"sniper: no indicator '{canonical}' in the knowledge base");
                return ExitCodes.Usage;
            }

            var sightings = await store.ListSightingsAsync(canonical, ct).ToListAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                DataWriter.Write(env, OutputFormat.Json, [ioc], [], i => new { indicator = i, sightings });
                return ExitCodes.Ok;
            }

            DataWriter.Write(env, OutputFormat.Table, [ioc], Views.IocColumns, title: "Indicator");
            DataWriter.Write(env, OutputFormat.Table, sightings,
            [
                new("Source", s => s.Source),
                new("From", s => s.SourceId),
                new("Role", s => s.Role),
                new("Account", s => s.AccountId),
                new("Region", s => s.Region),
                new("First seen", s => s.FirstSeen),
                new("Last seen", s => s.LastSeen),
                new("Count", s => s.Count, AlignRight: true),
            ], title: "Sightings");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(CliEnvironment env)
    {
        var values = new Argument<string[]>("values") { Description = "Indicators to add (IP, CIDR, domain or URL)", Arity = ArgumentArity.OneOrMore };
        var source = new Option<string>("--source") { Description = "Who reports it (default: manual)", DefaultValueFactory = _ => "manual" };
        var ttl = new Option<int?>("--ttl-days") { Description = "Days until it expires (default: iocTtlDays from the configuration; 0 never)" };
        var confidence = new Option<int>("--confidence") { Description = "Confidence 0-100 (default 70)", DefaultValueFactory = _ => 70 };
        var description = new Option<string?>("--description") { Description = "Why it is malicious" };
        var force = new Option<bool>("--force") { Description = "Add a public resolver or an AWS service address all the same (warned)" };
        var command = new Command("add", "Add indicators by hand; private, reserved and documentation addresses are refused, public resolvers and AWS service ranges need --force") { values, source, ttl, confidence, description, force };
        command.SetAction(async (parse, ct) =>
        {
            var config = ConfigResolver.LoadOrThrow(parse, env);
            var now = env.Time.GetUtcNow();
            var days = parse.GetValue(ttl) ?? config.IocTtlDays;
            DateTimeOffset? expires = days > 0 ? now.AddDays(days) : null;
            await using var store = await KnowledgeBaseFactory.OpenAsync(KnowledgeBaseFactory.ResolveUri(parse, env, config), env, ct).ConfigureAwait(false);
            var refused = 0;
            var ranges = (AwsIpRanges?)null;
            foreach (var text in parse.GetValue(values)!)
            {
                if (!IocValue.TryNormalize(text, out var value, out var type))
                {
                    env.Error.WriteLine($"refused: '{text}' is not an IP address, CIDR block, domain or URL");
                    refused++;
                    continue;
                }

                if (!IocValue.IsBlockable(value, type))
                {
                    env.Error.WriteLine($"refused: {value} is a private, reserved or documentation range and is never an indicator");
                    refused++;
                    continue;
                }

                if (type is IocType.Ipv4 or IocType.Ipv6 or IocType.Cidr && IpNetwork.TryParse(value, out var network))
                {
                    ranges ??= LoadAwsRanges(env);
                    var infrastructure = WellKnownInfrastructure.FindResolver(network.Value) is { } resolver ? "the public resolver " + resolver
                        : ranges.Find(network.Value) is { } service ? "in the AWS range " + service
                        : null;
                    if (infrastructure is not null && !parse.GetValue(force))
                    {
                        env.Error.WriteLine($"refused: {value} is {infrastructure}, shared infrastructure rather than an attacker's; add --force to add it all the same");
                        refused++;
                        continue;
                    }

                    if (infrastructure is not null)
                    {
                        env.Error.WriteLine($"warning: {value} is {infrastructure}; added because of --force");
                    }
                }

                var observation = new IocObservation(value, type, IocRole.FeedIndicator, Math.Clamp(parse.GetValue(confidence), 0, 100));
                var ioc = await store.AddIocAsync(observation, parse.GetValue(source)!, now, expires, parse.GetValue(description), ct).ConfigureAwait(false);
                env.Out.WriteLine($"added {ioc.Value} ({ioc.Type.ToString().ToLowerInvariant()}), {ioc.Sightings} sighting(s)");
            }

            return refused > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    private static AwsIpRanges LoadAwsRanges(CliEnvironment env)
    {
        var (ranges, bundled) = ResponseHost.LoadRanges(env);
        if (bundled)
        {
            env.Error.WriteLine(ResponseHost.BundledRangesNote(ranges));
        }

        return ranges;
    }

    private static Command Remove(CliEnvironment env)
    {
        var values = new Argument<string[]>("values") { Description = "Indicators to remove", Arity = ArgumentArity.OneOrMore };
        var command = new Command("remove", "Remove indicators and their sightings (a false positive, say)") { values };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            var missing = 0;
            foreach (var text in parse.GetValue(values)!)
            {
                var value = IocValue.TryNormalize(text, out var v, out _) ? v : text;
                if (await store.RemoveIocAsync(value, ct).ConfigureAwait(false))
                {
                    env.Out.WriteLine($"removed {value}");
                    await store.AppendAuditAsync(new AuditEntry(Guid.NewGuid().ToString("n"), env.Time.GetUtcNow(), Environment.UserName, "ioc.remove", value, "removed", null, "{}"), ct).ConfigureAwait(false);
                }
                else
                {
                    env.Error.WriteLine($"not found: {value}");
                    missing++;
                }
            }

            return missing > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(CliEnvironment env)
    {
        var format = new Option<string>("--format")
        {
            Description = "Feed format: " + string.Join(", ", IocExporters.All.Select(e => $"{e.Key} ({e.Description})")),
            DefaultValueFactory = _ => "stix",
        };
        format.AcceptOnlyFromAmong([.. IocExporters.All.Select(e => e.Key)]);
        var outFile = new Option<string?>("--out", "-o") { Description = "Write to this file instead of stdout" };
        var all = new Option<bool>("--include-expired") { Description = "Also export indicators that have expired (past their expiry, or not seen within iocTtlDays)" };
        var type = TypeOption();
        var command = new Command("export", "Export the knowledge base as the team's own threat-intelligence feed") { format, outFile, all, type };
        command.SetAction(async (parse, ct) =>
        {
            var exporter = IocExporters.Find(parse.GetValue(format)!)!;
            var config = ConfigResolver.LoadOrThrow(parse, env);
            await using var store = await KnowledgeBaseFactory.OpenAsync(KnowledgeBaseFactory.ResolveUri(parse, env, config), env, ct).ConfigureAwait(false);
            var now = env.Time.GetUtcNow();
            var iocs = store.ListIocsAsync(new IocQuery(parse.GetValue(type), ActiveOnly: !parse.GetValue(all), Now: now, Limit: int.MaxValue, Ttl: KnowledgeBaseRules.IocTtl(config.IocTtlDays)), ct);
            if (parse.GetValue(outFile) is { } path)
            {
                var full = Path.Combine(env.CurrentDirectory, path);
                await using var file = File.Create(full);
                await exporter.WriteAsync(iocs, file, now, ct).ConfigureAwait(false);
                env.Notes.WriteLine($"wrote {full}");
            }
            else
            {
                await using var stdout = new TextWriterStream(env.Out);
                await exporter.WriteAsync(iocs, stdout, now, ct).ConfigureAwait(false);
                await env.Out.WriteLineAsync().ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
