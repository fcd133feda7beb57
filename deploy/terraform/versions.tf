terraform {
  # Optional object attributes with defaults and the current validation rules need 1.6 or later.
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.40 brought the target-tracking metric-math blocks (customized_metric_specification.metrics) used by
      # autoscaling.tf; 6.x is accepted as it keeps every argument used here.
      version = ">= 5.40.0, < 7.0.0"
    }
  }
}
