# An ACM certificate for one domain, validated by DNS. With a Route53 zone the validation
# records are made here and the certificate is waited for; without one the records are an
# output for the user to create, and the validation resource waits until ACM sees them.
# The caller picks the region through the provider it passes (us-east-1 for CloudFront).

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "domain_name" {
  description = "The domain the certificate is for."
  type        = string
}

variable "zone_id" {
  description = "Route53 hosted zone to validate in; null when the user creates the records."
  type        = string
  default     = null
}

variable "validation_timeout" {
  description = "How long an apply waits for ACM to see the validation records."
  type        = string
  default     = "45m"
}

resource "aws_acm_certificate" "this" {
  #checkov:skip=CKV2_AWS_71:domain_name is frontend.domain_name, which wrapper's config check refuses unless it is a plain host name (no wildcard); checkov takes the CSP's *.execute-api source in the same page variable for it
  domain_name       = var.domain_name
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  records = {
    for option in aws_acm_certificate.this.domain_validation_options : option.domain_name => {
      name  = option.resource_record_name
      type  = option.resource_record_type
      value = option.resource_record_value
    }
  }
}

resource "aws_route53_record" "validation" {
  # Keyed by the domain, known at plan time: the validation options themselves are known only
  # once ACM has the request, and for_each keys must be known before apply.
  for_each        = var.zone_id == null ? toset([]) : toset([var.domain_name])
  zone_id         = var.zone_id
  name            = local.records[each.key].name
  type            = local.records[each.key].type
  ttl             = 300
  records         = [local.records[each.key].value]
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = var.zone_id == null ? null : [for record in aws_route53_record.validation : record.fqdn]

  timeouts {
    create = var.validation_timeout
  }
}

output "certificate_arn" {
  description = "The certificate's ARN, known once ACM has issued it."
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "pending_arn" {
  description = "The certificate's ARN before validation (for telling the user what ACM waits for)."
  value       = aws_acm_certificate.this.arn
}

output "validation_records" {
  description = "The DNS records ACM checks, for a user without a Route53 zone."
  value       = values(local.records)
}
