# The stage's page (S3 + CloudFront) and its optional custom domain. Kept apart from the
# backend's wiring: the page reads the WebSocket URL, nothing in the backend reads the page.

variable "page" {
  description = "The hosted page (null when frontend.enabled = false): the static_site module's `page` (its type is declared there) and dns.zone as `zone`."
  type        = any
  default     = null
}

# CloudFront takes certificates from us-east-1 only, whatever the stage's region.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = var.tags
  }
}

locals {
  page_domain = var.page == null ? null : var.page.domain_name
  page_zone   = local.page_domain == null ? null : var.page.zone
}

module "page_certificate" {
  source      = "./modules/certificate"
  count       = local.page_domain == null ? 0 : 1
  domain_name = local.page_domain
  zone_id     = local.page_zone_id

  providers = {
    aws = aws.us_east_1
  }
}

# websocket_origin is the API's origin, not the stage URL: the stage waits for the functions, and
# with [auth] the functions wait for the user pool, whose callback URL is this page's.
module "page" {
  source           = "./modules/static_site"
  count            = var.page == null ? 0 : 1
  page             = var.page
  websocket_origin = module.websocket.websocket_origin
  certificate_arn  = local.page_domain == null ? null : module.page_certificate[0].certificate_arn
}

resource "aws_route53_record" "page" {
  for_each = local.page_zone == null ? toset([]) : toset(["A", "AAAA"])
  zone_id  = local.page_zone_id
  name     = local.page_domain
  type     = each.value

  alias {
    name                   = module.page[0].distribution_domain
    zone_id                = module.page[0].hosted_zone_id
    evaluate_target_health = false
  }
}

output "page_url" {
  description = "Where players open the page."
  value       = one(module.page[*].url)
}

output "page_bucket" {
  description = "The page's S3 bucket."
  value       = one(module.page[*].bucket)
}

output "page_distribution_id" {
  description = "The page's CloudFront distribution."
  value       = one(module.page[*].distribution_id)
}

output "page_dns_records" {
  description = "DNS records to create by hand for frontend.domain_name when dns.zone is not set."
  value = local.page_domain == null || local.page_zone != null ? [] : concat(
    module.page_certificate[0].validation_records,
    [{ name = local.page_domain, type = "CNAME", value = module.page[0].distribution_domain }],
  )
}

output "page_content_security_policy" {
  description = "The CSP template CloudFront serves ({websocket_origin} filled in); `deploy --page-only` checks the page still fits it."
  value       = var.page == null ? null : var.page.content_security_policy
}
