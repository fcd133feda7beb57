using System.Net;

namespace CloudSniper.Aws.Signing;

/// <summary>The named resource does not exist.</summary>
public sealed class AwsNotFoundException : AwsServiceException
{
    /// <summary>Creates the exception.</summary>
    public AwsNotFoundException(string serviceId, string operation, string permission, string errorCode, string message, HttpStatusCode status, string? requestId)
        : base(serviceId, operation, permission, errorCode, message, status, requestId)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsNotFoundException()
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with only a message.</summary>
    public AwsNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
