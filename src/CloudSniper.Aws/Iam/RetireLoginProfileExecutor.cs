using System.Security.Cryptography;
using System.Text.Json;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Signing;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Iam;

/// <summary>
/// Executes <c>iam-delete-login-profile</c>: records the login profile (<c>GetLoginProfile</c>), then deletes it. Undo
/// creates a new one with a generated password and <c>PasswordResetRequired=true</c>: IAM never returns a password, so the
/// old one cannot come back; the new one is shown once (<see cref="ActionOutcome.Secret"/>) and never stored.
/// </summary>
public sealed class RetireLoginProfileExecutor(AwsClientFactory clients) : IUndoableExecutor
{
    // 24 characters from each class the account password policy may require (IAM User Guide, "Setting an account password
    // policy": upper case, lower case, numbers, and the symbols ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '); 32 in all, under the 128 maximum.
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%^&*()_+-=[]{}|";

    /// <inheritdoc />
    public string ActionKey => RetireLoginProfile.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var user = action.Get("user") ?? throw new ActionFailedException("the action names no user");
        if (IamRetirementGuards.IsRoot(user))
        {
            return ActionOutcome.Skipped("root credentials are never retired automatically");
        }

        var iam = await clients.IamAsync(action.AccountId, "us-east-1", cancellationToken).ConfigureAwait(false);
        if (await ExemptTags.ReasonAsync(iam, user, cancellationToken).ConfigureAwait(false) is { } exempt)
        {
            return ActionOutcome.Skipped(exempt);
        }

        IamLoginProfile profile;
        try
        {
            profile = await iam.GetLoginProfileAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsNotFoundException)
        {
            return ActionOutcome.Skipped($"{user} has no console password any more; nothing to remove");
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"GetLoginProfile {user}", "iam:GetLoginProfile");
        }

        try
        {
            await iam.DeleteLoginProfileAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"DeleteLoginProfile {user}", "iam:DeleteLoginProfile");
        }

        return new ActionOutcome(ActionStatus.Executed, $"removed the unused console password of {user}")
        {
            Before = JsonSerializer.Serialize(new { user, loginProfile = true, created = profile.CreateDate, passwordResetRequired = profile.PasswordResetRequired }),
            After = JsonSerializer.Serialize(new { user, loginProfile = false }),
            Undo = JsonSerializer.Serialize(new ProfileUndo(action.AccountId, user, profile.CreateDate)),
            WriteCalls = 1,
        };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var undo = JsonSerializer.Deserialize<ProfileUndo>(record.Undo!)!;
        var iam = await clients.IamAsync(undo.Account, "us-east-1", cancellationToken).ConfigureAwait(false);
        var password = NewPassword();
        try
        {
            await iam.CreateLoginProfileAsync(undo.User, password, passwordResetRequired: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"CreateLoginProfile {undo.User}", "iam:CreateLoginProfile");
        }

        return new ActionOutcome(ActionStatus.Executed,
            $"created a new console password for {undo.User} (the old one cannot be restored); it must be changed at the next sign-in")
        {
            Secret = password,
        };
    }

    /// <summary>A random password with every character class a password policy can require.</summary>
    public static string NewPassword()
    {
        var chars = new List<char>();
        foreach (var set in new[] { Upper, Lower, Digits, Symbols })
        {
            chars.Add(set[RandomNumberGenerator.GetInt32(set.Length)]);
        }

        const string all = Upper + Lower + Digits + Symbols;
        while (chars.Count < 32)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        var array = chars.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return new string(array);
    }

    private sealed record ProfileUndo(string? Account, string User, DateTimeOffset? Created);
}
