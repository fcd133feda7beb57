using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Server.Api;

/// <summary>Creates the response runner once, on first use, and shares it (it holds AWS clients).</summary>
public sealed class ResponseAccess(ServerServices services)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResponseRunner? _runner;

    /// <summary>True when the host composed a response runner.</summary>
    public bool Available => services.ResponseRunner is not null;

    /// <summary>The runner; throws when the host composed none.</summary>
    public async Task<ResponseRunner> GetAsync(CancellationToken cancellationToken)
    {
        if (_runner is { } ready)
        {
            return ready;
        }

        var factory = services.ResponseRunner ?? throw new InvalidOperationException("this server has no response runner");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _runner ??= await factory(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
