using BenchmarkDotNet.Running;
using CloudSniper.Bench;

// `dotnet run -c Release --project bench/CloudSniper.Bench -- <macro> [args]` runs an end-to-end benchmark;
// anything else goes to BenchmarkDotNet (for example `-- --filter '*Parser*'`).
if (args.Length > 0 && MacroBenchmarks.All.FirstOrDefault(b => b.Name == args[0]) is { } macro)
{
    return await macro.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "list")
{
    foreach (var b in MacroBenchmarks.All)
    {
        Console.WriteLine($"{b.Name,-16} {b.Description}");
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(MacroBenchmarks).Assembly).Run(args);
return 0;
