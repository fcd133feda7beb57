using System.Text.Json;
using CloudSniper.Core.Response.Owners;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>The EventBridge rules, the findings queue with its key, dead-letter queue, policy and alarms, and the scaling on its backlog.</summary>
public sealed class EventsAndQueueTests(TerraformFixture terraform) : IClassFixture<TerraformFixture>
{
    [Fact]
    public void FindingsQueue_IsEncryptedWithARotatedCustomerKey_AndRedrivesToTheDeadLetterQueue()
    {
        var module = terraform.Root;
        var queue = module.Resource("aws_sqs_queue.findings");
        var dlq = module.Resource("aws_sqs_queue.dlq");
        var key = module.Resource("aws_kms_key.queue");

        Assert.Equal("${aws_kms_key.queue.arn}", queue.GetProperty("kms_master_key_id").GetString());
        Assert.Equal("${aws_kms_key.queue.arn}", dlq.GetProperty("kms_master_key_id").GetString());
        Assert.True(key.GetProperty("enable_key_rotation").GetBoolean());
        var redrive = queue.GetProperty("redrive_policy").GetString()!;
        Assert.Contains("deadLetterTargetArn = aws_sqs_queue.dlq.arn", redrive, StringComparison.Ordinal);
        Assert.Contains("maxReceiveCount     = var.max_receive_count", redrive, StringComparison.Ordinal);
        Assert.Contains("aws_sqs_queue.findings.arn", module.Resource("aws_sqs_queue_redrive_allow_policy.dlq").GetProperty("redrive_allow_policy").GetString(), StringComparison.Ordinal);
        // SQS keeps a message at most 14 days; the dead-letter queue keeps its messages that long.
        Assert.Equal(1209600, dlq.GetProperty("message_retention_seconds").GetInt32());
    }

    [Fact]
    public void QueueKey_LetsEventBridgeEncryptForThisAccountOnly()
    {
        var module = terraform.Root;
        Assert.Equal("${data.aws_iam_policy_document.queue_key.json}", module.Resource("aws_kms_key.queue").GetProperty("policy").GetString());
        var eventBridge = module.Data("aws_iam_policy_document.queue_key").GetProperty("statement").EnumerateArray()
            .Single(s => s.GetProperty("principals")[0].GetProperty("identifiers")[0].GetString() == "events.amazonaws.com");

        Assert.Equal(["kms:Decrypt", "kms:GenerateDataKey"], eventBridge.GetProperty("actions").EnumerateArray().Select(a => a.GetString()).Order());
        Assert.Equal("aws:SourceAccount", eventBridge.GetProperty("condition")[0].GetProperty("variable").GetString());
    }

    [Fact]
    public void QueuePolicy_LetsOnlyTheDeploymentsRulesSend_AndEveryRuleTargetsTheQueue()
    {
        var module = terraform.Root;
        Assert.Equal("${data.aws_iam_policy_document.findings_queue.json}", module.Resource("aws_sqs_queue_policy.findings").GetProperty("policy").GetString());
        var statement = module.Data("aws_iam_policy_document.findings_queue").GetProperty("statement").EnumerateArray().Single();
        var condition = statement.GetProperty("condition").EnumerateArray().Single();

        Assert.Equal(["sqs:SendMessage"], statement.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("events.amazonaws.com", statement.GetProperty("principals")[0].GetProperty("identifiers")[0].GetString());
        Assert.Equal(("ArnEquals", "aws:SourceArn"), (condition.GetProperty("test").GetString(), condition.GetProperty("variable").GetString()));
        Assert.Equal("${[for rule in aws_cloudwatch_event_rule.findings : rule.arn]}", condition.GetProperty("values").GetString());

        var rule = module.Resource("aws_cloudwatch_event_rule.findings");
        var target = module.Resource("aws_cloudwatch_event_target.findings");
        Assert.Equal("${local.event_rules}", rule.GetProperty("for_each").GetString());
        Assert.Equal("${local.event_rules}", target.GetProperty("for_each").GetString());
        Assert.Equal("${aws_sqs_queue.findings.arn}", target.GetProperty("arn").GetString());
        Assert.Equal("${aws_cloudwatch_event_rule.findings[each.key].name}", target.GetProperty("rule").GetString());
    }

    [Fact]
    public void EventRules_FilterGuardDutyBySeverity_AndMakeSecurityHubInspectorAndOwnerTaggingOptional()
    {
        var rules = terraform.Root.Locals["event_rules"].GetString()!;

        Assert.Contains("\"GuardDuty Finding\"", rules, StringComparison.Ordinal);
        Assert.Contains("severity = [{ numeric = [\">=\", var.guardduty_min_severity] }]", rules, StringComparison.Ordinal);
        Assert.Contains("var.enable_security_hub ? {", rules, StringComparison.Ordinal);
        Assert.Contains("\"Security Hub Findings - Imported\"", rules, StringComparison.Ordinal);
        Assert.Contains("var.enable_inspector ? {", rules, StringComparison.Ordinal);
        Assert.Contains("\"Inspector2 Finding\"", rules, StringComparison.Ordinal);
        Assert.Contains("var.enable_owner_tagging ? {", rules, StringComparison.Ordinal);
        Assert.Contains($"\"detail-type\" = [\"{CloudTrailOwnerEvents.DetailType}\"]", rules, StringComparison.Ordinal);
        Assert.Contains("eventName   = local.owner_event_names", rules, StringComparison.Ordinal);
        Assert.False(terraform.Root.Variables["enable_security_hub"].GetProperty("default").GetBoolean());
        Assert.False(terraform.Root.Variables["enable_inspector"].GetProperty("default").GetBoolean());
    }

    [Fact]
    public void OwnerTaggingRule_SendsExactlyTheCreateEventsTheOwnerTaggingReads()
    {
        var names = terraform.Root.Locals["owner_event_names"].EnumerateArray().Select(n => n.GetString()!).ToList();

        Assert.Equal(CloudTrailOwnerEvents.IdPaths.Keys.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Alarms_WatchTheDeadLetterDepthAndTheOldestFindingsAge()
    {
        var module = terraform.Root;
        var depth = module.Resource("aws_cloudwatch_metric_alarm.dlq_depth");
        var age = module.Resource("aws_cloudwatch_metric_alarm.oldest_message");

        Assert.Equal(("AWS/SQS", "ApproximateNumberOfMessagesVisible"), (depth.GetProperty("namespace").GetString(), depth.GetProperty("metric_name").GetString()));
        Assert.Equal("${aws_sqs_queue.dlq.name}", depth.GetProperty("dimensions").GetProperty("QueueName").GetString());
        Assert.Equal(("AWS/SQS", "ApproximateAgeOfOldestMessage"), (age.GetProperty("namespace").GetString(), age.GetProperty("metric_name").GetString()));
        Assert.Equal("${aws_sqs_queue.findings.name}", age.GetProperty("dimensions").GetProperty("QueueName").GetString());
    }

    [Fact]
    public void AutoScaling_TracksVisibleMessagesPerRunningTask()
    {
        var module = terraform.Root;
        var policy = module.Resource("aws_appautoscaling_policy.backlog_per_task").GetProperty("target_tracking_scaling_policy_configuration")[0];
        var metrics = policy.GetProperty("customized_metric_specification")[0].GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!, StringComparer.Ordinal);

        Assert.Equal("${var.backlog_per_task}", policy.GetProperty("target_value").GetString());
        Assert.Equal("visible / tasks", metrics["backlog"].GetProperty("expression").GetString());
        Assert.True(metrics["backlog"].GetProperty("return_data").GetBoolean());
        var visible = Metric(metrics["visible"]);
        var tasks = Metric(metrics["tasks"]);
        Assert.Equal(("AWS/SQS", "ApproximateNumberOfMessagesVisible"), (visible.GetProperty("namespace").GetString(), visible.GetProperty("metric_name").GetString()));
        Assert.Equal("${aws_sqs_queue.findings.name}", visible.GetProperty("dimensions")[0].GetProperty("value").GetString());
        Assert.Equal(("ECS/ContainerInsights", "RunningTaskCount"), (tasks.GetProperty("namespace").GetString(), tasks.GetProperty("metric_name").GetString()));

        // RunningTaskCount exists only with Container Insights on.
        var setting = module.Resource("aws_ecs_cluster.this").GetProperty("setting")[0];
        Assert.Equal(("containerInsights", "enabled"), (setting.GetProperty("name").GetString(), setting.GetProperty("value").GetString()));
    }

    [Fact]
    public void Service_RunsOnFargateInThePrivateSubnets_BehindAnHttpsListenerOnlyWhenExposed()
    {
        var module = terraform.Root;
        var service = module.Resource("aws_ecs_service.service");
        var network = service.GetProperty("network_configuration")[0];
        var listener = module.Resource("aws_lb_listener.https");

        Assert.Equal("FARGATE", service.GetProperty("launch_type").GetString());
        Assert.Equal("${var.desired_count}", service.GetProperty("desired_count").GetString());
        Assert.Equal("${var.private_subnet_ids}", network.GetProperty("subnets").GetString());
        Assert.False(network.GetProperty("assign_public_ip").GetBoolean());
        Assert.Equal(("HTTPS", 443, "${var.certificate_arn}"), (listener.GetProperty("protocol").GetString(), listener.GetProperty("port").GetInt32(), listener.GetProperty("certificate_arn").GetString()));
        foreach (var address in new[] { "aws_lb.dashboard", "aws_lb_target_group.dashboard", "aws_lb_listener.https", "aws_security_group.alb" })
        {
            Assert.Equal("${var.expose_dashboard ? 1 : 0}", module.Resource(address).GetProperty("count").GetString());
        }

        Assert.Equal("/healthz", module.Resource("aws_lb_target_group.dashboard").GetProperty("health_check")[0].GetProperty("path").GetString());
        var definition = module.Resource("aws_ecs_task_definition.service");
        Assert.Equal(("${var.cpu}", "${var.memory}"), (definition.GetProperty("cpu").GetString(), definition.GetProperty("memory").GetString()));
        Assert.Equal("${var.log_retention_days}", module.Resource("aws_cloudwatch_log_group.service").GetProperty("retention_in_days").GetString());
    }

    [Fact]
    public void ReportsBucket_IsPrivateEncryptedVersionedAndExpiring()
    {
        var module = terraform.Root;
        var block = module.Resource("aws_s3_bucket_public_access_block.reports");
        var encryption = module.Resource("aws_s3_bucket_server_side_encryption_configuration.reports").GetProperty("rule")[0].GetProperty("apply_server_side_encryption_by_default")[0];
        var lifecycle = module.Resource("aws_s3_bucket_lifecycle_configuration.reports").GetProperty("rule")[0];

        foreach (var setting in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
        {
            Assert.True(block.GetProperty(setting).GetBoolean(), setting);
        }

        Assert.Contains(encryption.GetProperty("sse_algorithm").GetString(), new[] { "AES256", "aws:kms" });
        Assert.Equal("Enabled", module.Resource("aws_s3_bucket_versioning.reports").GetProperty("versioning_configuration")[0].GetProperty("status").GetString());
        Assert.Equal("${var.reports_expiration_days}", lifecycle.GetProperty("expiration")[0].GetProperty("days").GetString());
        Assert.Equal("${var.reports_noncurrent_days}", lifecycle.GetProperty("noncurrent_version_expiration")[0].GetProperty("noncurrent_days").GetString());
        foreach (var resource in new[] { "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_s3_bucket_lifecycle_configuration" })
        {
            Assert.Equal("${aws_s3_bucket.reports.id}", module.Resource(resource + ".reports").GetProperty("bucket").GetString());
        }
    }

    private static JsonElement Metric(JsonElement query) => query.GetProperty("metric_stat")[0].GetProperty("metric")[0];
}
