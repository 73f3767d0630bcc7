# The stage's page: a private, versioned S3 bucket read only by one CloudFront distribution
# through Origin Access Control, served over HTTPS (HTTP/2 and HTTP/3, compressed) with a
# response headers policy whose Content-Security-Policy names the stage's WebSocket origin.
# `wrapper deploy` uploads the files; this module only makes the place they live.

variable "page" {
  description = "The page's settings ([frontend] in wrapper.toml)."
  type = object({
    name                    = string           # <service>-<stage>-page: the prefix of the bucket and the name of the CloudFront parts
    price_class             = string           # PriceClass_100, PriceClass_200 or PriceClass_All
    content_security_policy = string           # {websocket_origin} stands for the WebSocket API's origin
    permissions_policy      = string           # the Permissions-Policy header (WebXR allowed for the page itself)
    domain_name             = optional(string) # a custom domain served by the distribution
  })
}

variable "websocket_origin" {
  description = "wss://host of the stage's WebSocket API, the only socket the page may open."
  type        = string
}

variable "certificate_arn" {
  description = "Issued us-east-1 ACM certificate for domain_name."
  type        = string
  default     = null
}

locals {
  # AWS's managed CachingOptimized policy: the same id in every account. Files carry their own
  # Cache-Control (content-hashed ones immutable, the rest no-cache), which it honours.
  caching_optimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  origin_id         = "page-bucket"
}

resource "aws_s3_bucket" "page" {
  #checkov:skip=CKV_AWS_18:the page is public through CloudFront; S3 access logs would only repeat CloudFront's requests
  #checkov:skip=CKV_AWS_144:the page is rebuilt from the project on every deploy, so cross-region replication adds nothing
  #checkov:skip=CKV_AWS_145:CloudFront reads the bucket through OAC; SSE-S3 avoids a KMS call (and its price) per cache miss
  #checkov:skip=CKV2_AWS_62:nothing reacts to page uploads, so there is no event notification to configure
  bucket_prefix = "${substr(var.page.name, 0, 36)}-"
  force_destroy = false
}

resource "aws_s3_bucket_ownership_controls" "page" {
  bucket = aws_s3_bucket.page.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "page" {
  bucket                  = aws_s3_bucket.page.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "page" {
  bucket = aws_s3_bucket.page.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "page" {
  bucket = aws_s3_bucket.page.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "page" {
  bucket = aws_s3_bucket.page.id

  rule {
    id     = "old-page-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 30
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.page]
}

resource "aws_cloudfront_origin_access_control" "page" {
  name                              = substr(var.page.name, 0, 64)
  description                       = "CloudFront reads ${var.page.name} for the page"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_response_headers_policy" "page" {
  #checkov:skip=CKV_AWS_259:HSTS preload would commit every subdomain of the user's domain to HTTPS for good; that is the domain owner's call
  name = substr(var.page.name, 0, 128)

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      override                   = true
    }

    content_type_options {
      override = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }

    content_security_policy {
      content_security_policy = replace(var.page.content_security_policy, "{websocket_origin}", var.websocket_origin)
      override                = true
    }
  }

  custom_headers_config {
    items {
      header   = "Permissions-Policy"
      value    = var.page.permissions_policy
      override = true
    }
  }
}

resource "aws_cloudfront_distribution" "page" {
  #checkov:skip=CKV_AWS_68:a static page of public files; WAF costs more per month than the page serves for most stages
  #checkov:skip=CKV2_AWS_47:no WAF (see CKV_AWS_68); the origin is S3, which runs no code Log4j could reach
  #checkov:skip=CKV_AWS_86:CloudFront standard logs need an ACL-enabled bucket, which BucketOwnerEnforced refuses by design
  #checkov:skip=CKV_AWS_310:one origin holds the whole page; a failover origin would be a copy of the same bucket
  #checkov:skip=CKV_AWS_174:without a custom domain CloudFront's own certificate is used, whose TLS policy CloudFront sets
  #checkov:skip=CKV2_AWS_42:the custom domain is optional (frontend.domain_name); without it the page uses cloudfront.net
  #checkov:skip=CKV_AWS_374:the page is meant for players everywhere, so no country is blocked
  enabled             = true
  comment             = var.page.name
  default_root_object = "index.html"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  price_class         = var.page.price_class
  aliases             = var.page.domain_name == null ? [] : [var.page.domain_name]

  origin {
    origin_id                = local.origin_id
    domain_name              = aws_s3_bucket.page.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.page.id
  }

  default_cache_behavior {
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_optimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.page.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.page.domain_name == null
    acm_certificate_arn            = var.page.domain_name == null ? null : var.certificate_arn
    ssl_support_method             = var.page.domain_name == null ? null : "sni-only"
    minimum_protocol_version       = var.page.domain_name == null ? "TLSv1" : "TLSv1.2_2021"
  }
}

data "aws_iam_policy_document" "page" {
  statement {
    sid       = "CloudFrontReadsThePage"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.page.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.page.arn]
    }
  }

  statement {
    sid       = "TLSOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.page.arn, "${aws_s3_bucket.page.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "page" {
  bucket     = aws_s3_bucket.page.id
  policy     = data.aws_iam_policy_document.page.json
  depends_on = [aws_s3_bucket_public_access_block.page]
}

output "bucket" {
  description = "The page's bucket (wrapper deploy uploads into it)."
  value       = aws_s3_bucket.page.id
}

output "distribution_id" {
  description = "The CloudFront distribution (wrapper deploy invalidates changed paths in it)."
  value       = aws_cloudfront_distribution.page.id
}

output "distribution_domain" {
  description = "The distribution's cloudfront.net name, the target of a custom domain's alias records."
  value       = aws_cloudfront_distribution.page.domain_name
}

output "hosted_zone_id" {
  description = "CloudFront's hosted zone id, for alias records."
  value       = aws_cloudfront_distribution.page.hosted_zone_id
}

output "url" {
  description = "The page's URL."
  value       = var.page.domain_name == null ? "https://${aws_cloudfront_distribution.page.domain_name}/" : "https://${var.page.domain_name}/"
}
