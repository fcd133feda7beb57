using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;

namespace CloudSniper.Server.Tests.Dashboard;

/// <summary>
/// A browser-like client over the in-process server: it keeps cookies, does not follow redirects (tests look at
/// them), and reads the anti-forgery token out of a page's form the way a browser would submit it.
/// </summary>
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public DashboardClient(ServerHarness server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _client = server.App.GetTestClient();
    }

    public async Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        return await SendAsync(request, ct);
    }

    public async Task<string> GetPageAsync(string path, CancellationToken ct)
    {
        using var response = await GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="path"/>; with <paramref name="token"/> the anti-forgery field is added.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string? token, CancellationToken ct, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            all.Add(new("__token", token));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(all) };
        return await SendAsync(request, ct);
    }

    /// <summary>Signs in with <paramref name="key"/> through the login form; returns the answer to the POST.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key, CancellationToken ct)
    {
        var login = await GetPageAsync("/login", ct);
        return await PostAsync("/login", TokenOf(login), ct, ("key", key));
    }

    /// <summary>The anti-forgery token of the first form on <paramref name="page"/>.</summary>
    public static string TokenOf(string page)
    {
        var match = TokenField().Match(page);
        Assert.True(match.Success, "the page has no anti-forgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
        }

        var response = await _client.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                var pair = cookie.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return response;
    }

    /// <summary>The cookies a browser would send now, by name.</summary>
    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
