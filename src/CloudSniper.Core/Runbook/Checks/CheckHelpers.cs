using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Builds results for a check, turning collection errors into ERROR results that name the missing permission.</summary>
internal static class CheckHelpers
{
    public static CheckResult Result(CheckMetadata m, CheckStatus status, string? account, string? region, string? resource, string message) =>
        new(m.Id, m.Title, m.Service, status, m.Severity, region, account, resource, message, m.RemediationCli, m.Cis);

    /// <summary>An ERROR result when a collection of <paramref name="service"/> failed in the given errors, else null.</summary>
    public static CheckResult? ErrorFor(CheckMetadata m, IEnumerable<CollectionError> errors, string service, string account, string? region)
    {
        var error = errors.FirstOrDefault(e => e.Service.Equals(service, StringComparison.OrdinalIgnoreCase));
        if (error is null)
        {
            return null;
        }

        var message = error.AccessDenied
            ? $"access denied: missing permission {error.Permission} ({error.Operation}: {error.Message})"
            : $"could not collect {error.Operation} (needs {error.Permission}): {error.Message}";
        return Result(m, CheckStatus.Error, account, region, null, message);
    }
}
