using System.Diagnostics;
using System.Globalization;
using System.Text;
using CloudSniper.Core.Iam;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Response;

namespace CloudSniper.Bench.Iam;

/// <summary>
/// IAM review speed: generates a credential report of N users (every special value: <c>N/A</c>, <c>no_information</c>,
/// <c>not_supported</c>, both keys, stale and fresh dates), then parses it, reviews it and plans the retirement.
/// <c>dotnet run -c Release --project bench/CloudSniper.Bench -- iam [--users 10000]</c>
/// </summary>
public sealed class IamReviewBenchmark : IMacroBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => "iam";

    public string Description => "IAM review of a generated credential report (default 10,000 users): parse, review and retirement plan";

    public Task<int> RunAsync(string[] args)
    {
        var users = args.Length >= 2 && args[0] == "--users" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var csv = Generate(users);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; credential report: {users:N0} users, {csv.Length / 1e6:0.00} MB");
        var playbook = DefaultIamRetirementPlaybook.Load();
        var best = (Parse: TimeSpan.MaxValue, Review: TimeSpan.MaxValue, Plan: TimeSpan.MaxValue);
        var findings = 0;
        var actions = 0;
        long allocated = 0;
        for (var run = 0; run < 5; run++)
        {
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var report = CredentialReportParser.Parse(csv, "generated");
            var parsed = watch.Elapsed;
            var found = IamReviewer.Review(report.Rows, Now, new IamReviewOptions());
            var reviewed = watch.Elapsed;
            var plan = IamRetirementPlanner.Plan(playbook, new IamRetirementInput("plan-bench", Now, ResponseMode.Plan) { Findings = found });
            var planned = watch.Elapsed;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            findings = found.Count;
            actions = plan.Actions.Length;
            best = (Min(best.Parse, parsed), Min(best.Review, reviewed - parsed), Min(best.Plan, planned - reviewed));
        }

        Console.WriteLine($"parse {best.Parse.TotalMilliseconds:0.0} ms, review {best.Review.TotalMilliseconds:0.0} ms, retirement plan {best.Plan.TotalMilliseconds:0.0} ms " +
            $"(best of 5); {findings:N0} findings, {actions:N0} planned actions; {allocated / 1e6:0.0} MB allocated per run");
        return Task.FromResult(0);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // Deterministic: user i gets a pattern from i, so every run reviews the same report.
    private static string Generate(int users)
    {
        var sb = new StringBuilder("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
            "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
            "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n");
        sb.Append("<root_account>,arn:aws:iam::111122223333:root,2019-03-01T10:00:00+00:00,not_supported,2026-11-20T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        for (var i = 0; i < users; i++)
        {
            string T(int daysAgo) => Now.AddDays(-daysAgo).AddSeconds(-i % 86_400).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
            var password = i % 3 != 0;
            var passwordUsed = !password ? "N/A" : i % 7 == 0 ? "no_information" : T(i % 120);
            var key1 = i % 2 == 0;
            var key2 = i % 11 == 0;
            sb.Append(CultureInfo.InvariantCulture, $"user-{i:00000},arn:aws:iam::111122223333:user/team/user-{i:00000},{T(100 + i % 900)},{(password ? "true" : "false")},{passwordUsed},")
                .Append(password ? T(200) : "N/A").Append(",N/A,").Append(i % 5 == 0 ? "false" : "true").Append(',')
                .Append(key1 ? $"true,{T(i % 400)},{(i % 4 == 0 ? "N/A" : T(i % 90))},{(i % 4 == 0 ? "N/A" : "eu-west-1")},{(i % 4 == 0 ? "N/A" : "s3")}," : "false,N/A,N/A,N/A,N/A,")
                .Append(key2 ? $"true,{T(i % 300)},N/A,N/A,N/A," : "false,N/A,N/A,N/A,N/A,")
                .Append("false,N/A,false,N/A\n");
        }

        return sb.ToString();
    }
}
