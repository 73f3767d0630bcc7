# Rendered by wrapper: do not edit, run `wrapper render` instead.
# The backend is in backend.tf.json, written as data so no setting can add HCL.

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}
