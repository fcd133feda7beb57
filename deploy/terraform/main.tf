# Region and credentials come from the standard AWS settings (AWS_PROFILE, AWS_REGION, SSO, instance roles).
provider "aws" {
  default_tags {
    tags = merge({ "cloudsniper:deployment" = var.name }, var.tags)
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # aws_region.name is deprecated in provider 6 in favour of region; id is the region's name in both.
  region = data.aws_region.current.id

  # The names `sniper` derives: `--store dynamodb:TABLE` uses TABLE for the knowledge base and TABLE-response for
  # the response store (src/CloudSniper.Cli/Hosting/ResponseHost.cs); the worker reads `--queue sqs://QUEUE`.
  table_name          = var.name
  response_table_name = "${var.name}-response"
  queue_name          = "${var.name}-findings"
  dlq_name            = "${var.name}-findings-dlq"

  container_name = "sniper"
  # The image's entry point listens here (Dockerfile: EXPOSE 8080, serve --urls http://0.0.0.0:8080).
  container_port = 8080
  data_path      = "/data"
}
