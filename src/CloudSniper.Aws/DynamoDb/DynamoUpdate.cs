using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// Builds an UpdateItem expression (SET, ADD, REMOVE and a condition) with every attribute name behind a
/// placeholder, since many of ours (<c>value</c>, <c>type</c>, <c>count</c>, <c>ttl</c>) are DynamoDB reserved words.
/// </summary>
internal sealed class DynamoUpdate
{
    private readonly List<string> _set = [];
    private readonly List<string> _add = [];
    private readonly List<string> _remove = [];
    private readonly List<string> _conditions = [];

    public Dictionary<string, string> Names { get; } = [];

    public Dictionary<string, AttributeValue> Values { get; } = [];

    public DynamoUpdate Set(string attribute, AttributeValue value)
    {
        _set.Add($"{Name(attribute)} = {Value(value)}");
        return this;
    }

    public DynamoUpdate SetIfAbsent(string attribute, AttributeValue value)
    {
        var name = Name(attribute);
        _set.Add($"{name} = if_not_exists({name}, {Value(value)})");
        return this;
    }

    /// <summary>Adds to a number or a set; skipped for an empty set, which DynamoDB rejects.</summary>
    public DynamoUpdate Add(string attribute, AttributeValue value)
    {
        if (value.SS is { Count: 0 })
        {
            return this;
        }

        _add.Add($"{Name(attribute)} {Value(value)}");
        return this;
    }

    public DynamoUpdate Remove(string attribute)
    {
        _remove.Add(Name(attribute));
        return this;
    }

    /// <summary>Requires <paramref name="attribute"/> to be absent or to compare to <paramref name="value"/> with <paramref name="op"/>.</summary>
    public DynamoUpdate WhenAbsentOr(string attribute, string op, AttributeValue value)
    {
        var name = Name(attribute);
        _conditions.Add($"(attribute_not_exists({name}) OR {name} {op} {Value(value)})");
        return this;
    }

    /// <summary>Requires <paramref name="attribute"/> to compare to <paramref name="value"/> with <paramref name="op"/>.</summary>
    public DynamoUpdate When(string attribute, string op, AttributeValue value)
    {
        _conditions.Add($"{Name(attribute)} {op} {Value(value)}");
        return this;
    }

    /// <summary>Requires the set <paramref name="attribute"/> to be absent or to hold at most <paramref name="size"/> members.</summary>
    public DynamoUpdate WhenSizeAtMost(string attribute, int size)
    {
        var name = Name(attribute);
        _conditions.Add($"(attribute_not_exists({name}) OR size({name}) <= {Value(DynamoItems.N(size))})");
        return this;
    }

    public UpdateItemRequest ToRequest(string table, Dictionary<string, AttributeValue> key, ReturnValue? returnValues = null) => new()
    {
        TableName = table,
        Key = key,
        UpdateExpression = Expression(),
        ConditionExpression = Condition(),
        ExpressionAttributeNames = Names,
        ExpressionAttributeValues = Values.Count > 0 ? Values : null,
        ReturnValues = returnValues ?? ReturnValue.NONE,
    };

    public Update ToTransactUpdate(string table, Dictionary<string, AttributeValue> key) => new()
    {
        TableName = table,
        Key = key,
        UpdateExpression = Expression(),
        ConditionExpression = Condition(),
        ExpressionAttributeNames = Names,
        ExpressionAttributeValues = Values.Count > 0 ? Values : null,
    };

    private string Expression()
    {
        var parts = new List<string>(3);
        if (_set.Count > 0)
        {
            parts.Add("SET " + string.Join(", ", _set));
        }

        if (_add.Count > 0)
        {
            parts.Add("ADD " + string.Join(", ", _add));
        }

        if (_remove.Count > 0)
        {
            parts.Add("REMOVE " + string.Join(", ", _remove));
        }

        return string.Join(' ', parts);
    }

    private string? Condition() => _conditions.Count > 0 ? string.Join(" AND ", _conditions) : null;

    private string Name(string attribute)
    {
        var placeholder = "#" + attribute;
        Names[placeholder] = attribute;
        return placeholder;
    }

    private string Value(AttributeValue value)
    {
        var placeholder = ":v" + Values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values[placeholder] = value;
        return placeholder;
    }
}
