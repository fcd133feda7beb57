using System.Text.Json.Nodes;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Tests.Response;

public class PlaybookSchemaTests
{
    [Fact]
    public void Generate_DeclaresEveryRegisteredActionAndItsParameters()
    {
        var schema = JsonNode.Parse(PlaybookSchema.Generate(ActionRegistry.Default))!;
        var choices = schema["properties"]!["rules"]!["items"]!["properties"]!["do"]!["items"]!["oneOf"]!.AsArray();
        foreach (var action in ActionRegistry.Default.All)
        {
            var withParams = choices.Single(c => c!["properties"]?[action.Key] is not null)!;
            var props = withParams["properties"]![action.Key]!["properties"]!.AsObject();
            Assert.True(props.ContainsKey("phase"));
            foreach (var p in action.Parameters)
            {
                Assert.True(props.ContainsKey(p.Name), $"{action.Key}.{p.Name} missing");
            }
        }

        var notifySlack = choices.Single(c => c!["properties"]?["notify-slack"] is not null)!;
        Assert.Equal("url", notifySlack["properties"]!["notify-slack"]!["required"]![0]!.GetValue<string>());
        Assert.DoesNotContain(choices, c => c!["const"]?.GetValue<string>() == "notify-slack");
        Assert.Contains(choices, c => c!["const"]?.GetValue<string>() == "snapshot");
    }
}
