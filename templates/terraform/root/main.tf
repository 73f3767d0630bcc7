# Rendered by wrapper: do not edit, run `wrapper render` instead.
# The backend is in backend.tf.json, written as data so no setting can add HCL.

terraform {
  required_version = ">= 1.10" # the S3 backend's use_lockfile; wrapper.terraform.versions checks it up front

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0" # tested against 6.66 (tests/support/tfprovider)
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}
