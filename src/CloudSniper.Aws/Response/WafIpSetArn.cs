namespace CloudSniper.Aws.Response;

/// <summary>A parsed WAFv2 IP set ARN: <c>arn:aws:wafv2:REGION:ACCOUNT:regional|global/ipset/NAME/ID</c>.</summary>
public sealed record WafIpSetArn(string Arn, string Region, string Account, string Scope, string Name, string Id)
{
    /// <summary>Parses an IP set ARN; false for anything else.</summary>
    public static bool TryParse(string? text, out WafIpSetArn? arn)
    {
        arn = null;
        var parts = text?.Split(':', 6);
        if (parts is not { Length: 6 } || parts[0] != "arn" || parts[2] != "wafv2")
        {
            return false;
        }

        var path = parts[5].Split('/');
        if (path.Length != 4 || path[1] != "ipset" || path[0] is not ("regional" or "global"))
        {
            return false;
        }

        arn = new WafIpSetArn(text!, parts[3], parts[4], path[0] == "global" ? "CLOUDFRONT" : "REGIONAL", path[2], path[3]);
        return true;
    }
}
