using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>
/// Parses a Sigma condition: identifiers, <c>and</c>, <c>or</c>, <c>not</c>, parentheses, <c>1 of x*</c>,
/// <c>all of x*</c>, <c>N of …</c> and <c>them</c>. Precedence: not, then and, then or. Aggregations
/// (<c>| count() …</c>) are not supported.
/// </summary>
internal sealed partial class ConditionParser
{
    private readonly List<string> _tokens;
    private readonly IReadOnlyDictionary<string, SearchIdentifier> _searches;
    private int _i;

    private ConditionParser(List<string> tokens, IReadOnlyDictionary<string, SearchIdentifier> searches)
    {
        _tokens = tokens;
        _searches = searches;
    }

    public static ConditionNode Parse(string condition, IReadOnlyDictionary<string, SearchIdentifier> searches)
    {
        if (condition.Contains('|', StringComparison.Ordinal))
        {
            throw new SigmaUnsupportedException("aggregation conditions ('| count() …') are not supported");
        }

        var tokens = TokenPattern().Matches(condition).Select(m => m.Value).ToList();
        if (tokens.Count == 0)
        {
            throw new SigmaUnsupportedException("empty condition");
        }

        var parser = new ConditionParser(tokens, searches);
        var node = parser.ParseOr();
        if (parser._i < tokens.Count)
        {
            throw new SigmaUnsupportedException($"unexpected '{tokens[parser._i]}' in condition '{condition}'");
        }

        return node;
    }

    private string? Peek => _i < _tokens.Count ? _tokens[_i] : null;

    private bool Accept(string keyword)
    {
        if (Peek is { } t && t.Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            _i++;
            return true;
        }

        return false;
    }

    private ConditionNode ParseOr()
    {
        var operands = new List<ConditionNode> { ParseAnd() };
        while (Accept("or"))
        {
            operands.Add(ParseAnd());
        }

        return operands.Count == 1 ? operands[0] : new OrNode(operands);
    }

    private ConditionNode ParseAnd()
    {
        var operands = new List<ConditionNode> { ParseNot() };
        while (Accept("and"))
        {
            operands.Add(ParseNot());
        }

        return operands.Count == 1 ? operands[0] : new AndNode(operands);
    }

    private ConditionNode ParseNot()
    {
        if (Accept("not"))
        {
            return new NotNode(ParseNot());
        }

        return ParsePrimary();
    }

    private ConditionNode ParsePrimary()
    {
        var token = Peek ?? throw new SigmaUnsupportedException("condition ends too early");
        if (token == "(")
        {
            _i++;
            var inner = ParseOr();
            if (!Accept(")"))
            {
                throw new SigmaUnsupportedException("unbalanced parentheses in condition");
            }

            return inner;
        }

        if (token == ")")
        {
            throw new SigmaUnsupportedException("unbalanced parentheses in condition");
        }

        if (_i + 1 < _tokens.Count && _tokens[_i + 1].Equals("of", StringComparison.OrdinalIgnoreCase))
        {
            _i += 2;
            var target = Peek ?? throw new SigmaUnsupportedException($"'{token} of' needs a target");
            _i++;
            var matched = Targets(target);
            if (token.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                return new OrNode(matched, matched.Count);
            }

            if (token.Equals("any", StringComparison.OrdinalIgnoreCase))
            {
                return new OrNode(matched, 1);
            }

            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                return new OrNode(matched, n);
            }

            throw new SigmaUnsupportedException($"'{token} of' is not a quantifier (use 1 of, all of)");
        }

        if (token.Equals("and", StringComparison.OrdinalIgnoreCase) || token.Equals("or", StringComparison.OrdinalIgnoreCase))
        {
            throw new SigmaUnsupportedException($"'{token}' without a left operand");
        }

        _i++;
        if (!_searches.TryGetValue(token, out var search))
        {
            throw new SigmaUnsupportedException($"condition names '{token}', which is not a search of the detection");
        }

        return new SearchNode(search);
    }

    private List<ConditionNode> Targets(string target)
    {
        IEnumerable<SearchIdentifier> matched;
        if (target.Equals("them", StringComparison.OrdinalIgnoreCase))
        {
            matched = _searches.Values.Where(s => !s.Name.StartsWith('_'));
        }
        else
        {
            var glob = Glob.Compile(Glob.Decode(target), caseSensitive: true);
            matched = _searches.Values.Where(s => glob.IsMatch(s.Name));
        }

        var list = matched.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => (ConditionNode)new SearchNode(s)).ToList();
        if (list.Count == 0)
        {
            throw new SigmaUnsupportedException($"'of {target}' matches no search of the detection");
        }

        return list;
    }

    [GeneratedRegex(@"\(|\)|[^\s()]+")]
    private static partial Regex TokenPattern();
}
