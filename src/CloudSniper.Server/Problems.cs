using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CloudSniper.Server;

/// <summary>RFC 9457 problem details, written the same way by handlers, middleware and the authentication handler.</summary>
public static class Problems
{
    /// <summary>The media type of RFC 9457, section 3.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>A problem result for a handler.</summary>
    public static IResult Result(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "Not Found", detail);

    public static IResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, "Bad Request", detail);

    public static IResult Forbidden(string detail) => Result(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult Conflict(string detail) => Result(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>Writes a problem document straight to the response (outside endpoint handlers).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, ContentType, context.RequestAborted);
    }
}
